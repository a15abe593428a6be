locals {
  prefix = "${var.environment}-${var.name}"
  tags   = concat(var.tags, ["tier:${var.name}", format("env:%s", var.environment)])

  backend_ips = flatten([
    for ips in values(module.fleet.private_ips) : [for ip in ips : ip.address]
  ])
}

module "security_group" {
  source = "../security-group"

  name = "${local.prefix}-sg"
  inbound_rules = [
    { port = var.http_port, cidr = "10.0.0.0/8" },
    { port = 22, cidr = "10.0.0.0/8" },
  ]
}

module "fleet" {
  source = "../fleet"

  name_prefix = local.prefix
  servers     = var.servers
  defaults = {
    type  = var.default_type
    image = var.image
  }

  security_group_id   = module.security_group.id
  private_network_ids = var.private_network_id == null ? [] : [var.private_network_id]
  cloud_init = templatefile("${path.module}/cloud-init.yaml.tftpl", {
    http_port   = var.http_port
    environment = var.environment
  })
  tags = local.tags
}

resource "scaleway_lb_ip" "this" {
  count = var.lb_enabled ? 1 : 0
}

resource "scaleway_lb" "this" {
  count = var.lb_enabled ? 1 : 0

  name   = "${local.prefix}-lb"
  type   = var.lb_type
  ip_ids = [scaleway_lb_ip.this[0].id]
  tags   = local.tags

  dynamic "private_network" {
    for_each = var.private_network_id == null ? [] : [var.private_network_id]

    content {
      private_network_id = private_network.value
    }
  }
}

resource "scaleway_lb_backend" "http" {
  count = var.lb_enabled ? 1 : 0

  lb_id            = scaleway_lb.this[0].id
  name             = "${local.prefix}-http"
  forward_protocol = "http"
  forward_port     = var.http_port
  server_ips       = local.backend_ips

  health_check_http {
    uri = "/healthz"
  }
}

resource "scaleway_lb_frontend" "https" {
  count = var.lb_enabled ? 1 : 0

  lb_id        = scaleway_lb.this[0].id
  backend_id   = scaleway_lb_backend.http[0].id
  name         = "${local.prefix}-https"
  inbound_port = 443
}
