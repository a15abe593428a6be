output "id" {
  value = scaleway_instance_security_group.this.id
}
