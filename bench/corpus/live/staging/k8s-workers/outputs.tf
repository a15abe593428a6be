output "node_image_id" {
  value = module.node_image.id
}
