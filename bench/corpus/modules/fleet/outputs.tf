output "server_ids" {
  value = { for key, server in module.server : key => server.id }
}

output "private_ips" {
  value = { for key, server in module.server : key => server.private_ips }
}
