output "id" {
  value = scaleway_instance_server.node.id
}

output "image_id" {
  value = data.scaleway_marketplace_image.gpu_os.id
}
