data "terraform_remote_state" "network" {
  backend = "s3"

  config = {
    bucket                      = "kestrel-terraform-state"
    key                         = "live/prod/network/terraform.tfstate"
    region                      = "fr-par"
    endpoints                   = { s3 = "https://s3.fr-par.scw.cloud" }
    skip_credentials_validation = true
    skip_region_validation      = true
    skip_requesting_account_id  = true
  }
}

module "web" {
  source = "../../../modules/web-tier"

  environment        = local.environment
  name               = "web"
  servers            = local.web_servers
  image              = var.image
  private_network_id = local.private_network_id
  tags               = local.common_tags
}

module "api" {
  source = "../../../modules/web-tier"

  environment        = local.environment
  name               = "api"
  servers            = local.api_servers
  image              = var.image
  http_port          = 9000
  private_network_id = local.private_network_id
  tags               = local.common_tags
}

module "edge" {
  source = "../../../modules/web-tier"
  count  = var.edge_enabled ? 1 : 0
  providers = {
    scaleway = scaleway.ams
  }

  environment = local.environment
  name        = "edge"
  servers = {
    "01" = {}
    "02" = {}
  }
  default_type = "PRO2-XS"
  image        = var.image
  tags         = concat(local.common_tags, ["region:nl-ams"])
}

module "batch" {
  source = "../../../modules/fleet"

  name_prefix = "${local.environment}-batch"
  servers     = local.batch_servers
  defaults = {
    type  = "POP2-2C-8G"
    image = "debian_bullseye"
  }
  private_network_ids = [local.private_network_id]
  tags                = concat(local.common_tags, ["role:batch"])
}
