resource "scaleway_instance_server" "web" {
  name  = "web"
  type  = var.web_type
  image = var.base_image

  root_volume {
    size_in_gb  = 20
    volume_type = "sbs_volume"
  }
}

# arm64 workers: SBS images of ubuntu_noble exist for both architectures.
resource "scaleway_instance_server" "worker" {
  name  = "worker"
  type  = "COPARM1-2C-8G"
  image = "ubuntu_noble"
}

resource "scaleway_instance_server" "cache" {
  name  = "cache"
  type  = "DEV1-M"
  image = "fr-par-1/ubuntu_focal"

  root_volume {
    volume_type = "l_ssd"
  }
}
