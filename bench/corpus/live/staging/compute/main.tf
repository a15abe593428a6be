module "web" {
  source = "../../../modules/web-tier"

  environment = var.environment
  servers     = local.web_servers
  image       = var.image
  lb_type     = "LB-S"
  tags        = local.tags
}

module "tools" {
  source = "../../../modules/instance"

  name  = "${var.environment}-tools"
  type  = lookup(local.tools_types, var.environment, "DEV1-S")
  image = "ubuntu_focal"
  root_volume = {
    size_in_gb  = 40
    volume_type = "sbs_volume"
  }
  enable_public_ip = true
  tags             = concat(local.tags, ["role:tools"])
}

module "cron" {
  source = "../../../modules/instance"
  count  = var.cron_enabled ? 1 : 0

  name  = "${var.environment}-cron"
  type  = "PLAY2-PICO"
  image = var.image
  tags  = concat(local.tags, ["role:cron"])
}
