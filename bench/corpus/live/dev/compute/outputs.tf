output "sandbox_ids" {
  value = module.sandbox.server_ids
}

output "windows_jump_ip" {
  value = try(scaleway_instance_ip.windows_jump[0].address, null)
}
