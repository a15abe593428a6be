resource "scaleway_instance_placement_group" "this" {
  name        = "${var.name_prefix}-pg"
  policy_type = "max_availability"
  policy_mode = "optional"
}

module "server" {
  source   = "../instance"
  for_each = local.servers

  name        = format("%s-%s", var.name_prefix, each.key)
  type        = each.value.type
  image       = each.value.image
  zone        = each.value.zone
  root_volume = each.value.root_volume

  security_group_id   = var.security_group_id
  placement_group_id  = each.value.zone == null ? scaleway_instance_placement_group.this.id : null
  private_network_ids = var.private_network_ids
  user_data           = var.cloud_init == null ? {} : { "cloud-init" = var.cloud_init }
  tags                = concat(var.tags, [format("fleet:%s", var.name_prefix)])
}
