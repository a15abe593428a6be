output "gpu_image_ids" {
  value = { for name, node in module.gpu : name => node.image_id }
}
