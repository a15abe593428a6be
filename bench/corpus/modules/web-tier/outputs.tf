output "lb_address" {
  value = var.lb_enabled ? scaleway_lb_ip.this[0].ip_address : null
}

output "server_ids" {
  value = module.fleet.server_ids
}
