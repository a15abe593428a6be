output "ids" {
  value = scaleway_instance_server.worker[*].id
}
