resource "scaleway_instance_ip" "this" {
  count = var.enable_public_ip ? 1 : 0

  zone = var.zone
  tags = var.tags
}

resource "scaleway_instance_server" "this" {
  name  = var.name
  type  = var.type
  image = var.image
  zone  = var.zone

  ip_id              = var.enable_public_ip ? scaleway_instance_ip.this[0].id : null
  security_group_id  = var.security_group_id
  placement_group_id = var.placement_group_id
  user_data          = var.user_data
  tags               = concat(var.tags, ["managed-by:terraform"])

  dynamic "root_volume" {
    for_each = var.root_volume == null ? [] : [var.root_volume]

    content {
      size_in_gb            = root_volume.value.size_in_gb
      volume_type           = root_volume.value.volume_type
      delete_on_termination = root_volume.value.delete_on_termination
    }
  }

  dynamic "private_network" {
    for_each = toset(var.private_network_ids)

    content {
      pn_id = private_network.value
    }
  }

  lifecycle {
    ignore_changes = [user_data]
  }
}
