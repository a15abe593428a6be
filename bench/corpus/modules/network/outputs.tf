output "vpc_id" {
  value = scaleway_vpc.this.id
}

output "private_network_ids" {
  value = { for name, pn in scaleway_vpc_private_network.this : name => pn.id }
}
