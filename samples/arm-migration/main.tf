provider "scaleway" {
  zone = "fr-par-1"
}

locals {
  env = "staging"
}

# Moved from DEV1-S to arm64 to cut costs, but kept its local SSD root volume:
# ubuntu_jammy publishes only x86_64 images for local volumes in fr-par-1.
resource "scaleway_instance_server" "api" {
  name  = "api-${local.env}"
  type  = "COPARM1-2C-8G"
  image = "ubuntu_jammy"

  root_volume {
    volume_type = "l_ssd"
  }
}

# POP2 types boot from SBS volumes only.
resource "scaleway_instance_server" "batch" {
  name  = "batch-${local.env}"
  type  = "POP2-2C-8G"
  image = "ubuntu_noble"

  root_volume {
    volume_type = "l_ssd"
  }
}

resource "scaleway_instance_server" "api_next" {
  name  = "api-next-${local.env}"
  type  = "COPARM1-4C-16G"
  image = "ubuntu_jammy"

  root_volume {
    volume_type = "sbs_volume"
    size_in_gb  = 40
  }
}
