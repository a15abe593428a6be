output "private_network_ids" {
  value = module.vpc_par.private_network_ids
}

output "dr_private_network_ids" {
  value = module.vpc_waw.private_network_ids
}

output "vpn_ip" {
  value = module.vpn.public_ip
}
