output "id" {
  value = scaleway_instance_server.this.id
}

output "private_ips" {
  value = scaleway_instance_server.this.private_ips
}

output "public_ip" {
  value = var.enable_public_ip ? scaleway_instance_ip.this[0].address : null
}
