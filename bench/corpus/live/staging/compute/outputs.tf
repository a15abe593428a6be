output "web_lb" {
  value = module.web.lb_address
}

output "tools_ip" {
  value = module.tools.public_ip
}
