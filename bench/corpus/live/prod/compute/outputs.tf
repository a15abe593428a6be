output "web_lb" {
  value = module.web.lb_address
}

output "api_lb" {
  value = module.api.lb_address
}

output "edge_lb" {
  value = one(module.edge[*].lb_address)
}

output "erp_ip" {
  value = scaleway_instance_ip.erp.address
}
