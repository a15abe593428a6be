output "bastion_ip" {
  value = module.bastion.public_ip
}

output "ssh" {
  value = {
    main   = module.bastion.ssh_command
    debian = module.bastion_debian.ssh_command
    legacy = module.bastion_legacy.ssh_command
  }
}
