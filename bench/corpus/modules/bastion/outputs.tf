output "public_ip" {
  value = var.enabled ? scaleway_instance_ip.bastion[0].address : null
}

output "ssh_command" {
  value = var.enabled ? "ssh -p ${var.ssh_port} ops@${scaleway_instance_ip.bastion[0].address}" : null
}
