# The data source resolves for DEV1-S on local storage unless told otherwise: its image is
# an x86_64 one, whatever the server that boots it.
data "scaleway_marketplace_image" "jammy" {
  label = "ubuntu_jammy"
}

resource "scaleway_instance_server" "arm_worker" {
  name  = "arm-worker"
  type  = "COPARM1-2C-8G"
  image = data.scaleway_marketplace_image.jammy.id
}

# Aligned with its server: same type, same image type as the root volume asks.
data "scaleway_marketplace_image" "noble_arm" {
  label         = "ubuntu_noble"
  instance_type = "COPARM1-2C-8G"
  image_type    = "instance_sbs"
}

resource "scaleway_instance_server" "arm_api" {
  name  = "arm-api"
  type  = "COPARM1-2C-8G"
  image = data.scaleway_marketplace_image.noble_arm.id

  root_volume {
    volume_type = "sbs_volume"
  }
}

# A label with a dash: the data source sends it verbatim, unlike a server's image.
data "scaleway_marketplace_image" "focal" {
  label = "ubuntu-focal"
}

# Images of the Instance API (custom images, snapshots) are not Marketplace images.
data "scaleway_instance_image" "golden" {
  name = "golden-2026-06"
}

resource "scaleway_instance_server" "golden" {
  name  = "golden"
  type  = "DEV1-S"
  image = data.scaleway_instance_image.golden.id
}
