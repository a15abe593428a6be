source "scaleway" "web" {
  image           = var.image
  commercial_type = var.commercial_type
  image_name      = local.image_name
  ssh_username    = "root"
  remove_volume   = true
  tags            = ["web", "packer"]
}

source "scaleway" "gpu" {
  image            = local.gpu_label
  commercial_type  = "PRO2-M" # a cheaper builder for the GPU image
  zone             = "fr-par-2"
  image_size_in_gb = 50
  image_name       = "gpu-${local.timestamp}"
  ssh_username     = "root"
}

build {
  name = "images"

  source "source.scaleway.web" {
    name = "par"
    zone = var.zone
  }

  # Local NVMe for faster builds.
  source "source.scaleway.web" {
    name = "local"
    zone = "fr-par-1"
    root_volume {
      type       = "l_ssd"
      size_in_gb = 40
    }
  }

  sources = ["source.scaleway.gpu"]

  provisioner "shell" {
    inline = [
      "apt-get update",
      "apt-get install -y nginx",
    ]
  }
}
