resource "scaleway_vpc" "this" {
  name = var.name
  tags = var.tags
}

resource "scaleway_vpc_private_network" "this" {
  for_each = var.private_networks

  name   = "${var.name}-${each.key}"
  vpc_id = scaleway_vpc.this.id
  tags   = var.tags

  ipv4_subnet {
    subnet = each.value
  }
}

resource "scaleway_vpc_public_gateway_ip" "this" {
  count = var.enable_gateway ? 1 : 0
}

resource "scaleway_vpc_public_gateway" "this" {
  count = var.enable_gateway ? 1 : 0

  name            = "${var.name}-gw"
  type            = var.public_gateway_type
  ip_id           = scaleway_vpc_public_gateway_ip.this[0].id
  bastion_enabled = false
  tags            = var.tags
}

resource "scaleway_vpc_gw_network" "this" {
  for_each = var.enable_gateway ? var.private_networks : {}

  gateway_id         = scaleway_vpc_public_gateway.this[0].id
  private_network_id = scaleway_vpc_private_network.this[each.key].id
  enable_masquerade  = true

  ipam_config {
    push_default_route = true
  }
}
