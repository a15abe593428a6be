module "security_group" {
  source = "../security-group"

  name = "${var.name}-sg"
  inbound_rules = [
    { port = var.udp_port, cidr = "0.0.0.0/0", protocol = "UDP" },
  ]
}

resource "scaleway_instance_ip" "vpn" {
  type = "routed_ipv4"
  tags = var.tags
}

# The Marketplace OpenVPN image configures itself on first boot.
resource "scaleway_instance_server" "vpn" {
  name              = var.name
  type              = var.type
  image             = "openvpn"
  ip_ids            = [scaleway_instance_ip.vpn.id]
  security_group_id = module.security_group.id
  tags              = concat(var.tags, ["role:vpn"])

  private_network {
    pn_id = var.private_network_id
  }
}
