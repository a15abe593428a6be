module "vpc_par" {
  source = "../../../modules/network"

  name             = "${var.environment}-par"
  private_networks = var.private_networks
  tags             = ["env:${var.environment}", "team:platform"]
}

module "vpc_waw" {
  source = "../../../modules/network"
  providers = {
    scaleway = scaleway.waw
  }

  name             = "${var.environment}-waw"
  private_networks = { apps = "10.20.0.0/22" }
  enable_gateway   = false
  tags             = ["env:${var.environment}", "team:platform", "dr"]
}

module "vpn" {
  source = "../../../modules/vpn-gateway"

  name               = "${var.environment}-vpn"
  type               = var.vpn_type
  private_network_id = module.vpc_par.private_network_ids["apps"]
  tags               = ["env:${var.environment}"]
}
