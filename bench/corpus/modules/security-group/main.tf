resource "scaleway_instance_security_group" "this" {
  name                    = var.name
  zone                    = var.zone
  stateful                = var.stateful
  inbound_default_policy  = "drop"
  outbound_default_policy = "accept"

  dynamic "inbound_rule" {
    for_each = var.inbound_rules

    content {
      action   = "accept"
      protocol = inbound_rule.value.protocol
      port     = inbound_rule.value.port
      ip_range = inbound_rule.value.cidr
    }
  }

  inbound_rule {
    action   = "accept"
    protocol = "ICMP"
  }
}
