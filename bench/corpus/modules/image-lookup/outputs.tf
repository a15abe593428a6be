output "id" {
  description = "zone/UUID of the local image."
  value       = data.scaleway_marketplace_image.this.id
}

output "label" {
  value = var.label
}
