locals {
  # One entry per fleet; the ARM API fleet still has the local SSD of its x86 past.
  fleets = {
    web = { type = "DEV1-S", replicas = 2, disk = "sbs_volume" }
    api = { type = "COPARM1-2C-8G", replicas = 1, disk = "l_ssd" }
    ops = { type = "PRO2-XS", replicas = 0, disk = "l_ssd" }
  }
}

module "fleet" {
  source   = "../../modules/fleet"
  for_each = local.fleets

  name        = "${var.env}-${each.key}"
  image       = var.os_image
  type        = each.value.type
  replicas    = each.value.replicas
  volume_type = each.value.disk
}

module "edge" {
  source = "../../modules/fleet"
  providers = {
    scaleway = scaleway.ams
  }

  name        = "${var.env}-edge"
  image       = var.os_image
  type        = var.edge_type
  volume_type = "sbs_volume"
}
