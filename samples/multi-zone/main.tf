# The prefix says fr-par-2, the server is in fr-par-1: the provider drops the prefix.
resource "scaleway_instance_server" "front" {
  zone  = var.zone
  type  = "DEV1-S"
  image = "fr-par-2/ubuntu_jammy"
}

# A local image UUID copied from a fr-par-2 server: UUIDs are zonal.
resource "scaleway_instance_server" "reporting" {
  zone  = var.zone
  type  = "DEV1-S"
  image = "b7048a85-68b8-4590-b85c-46c2d8318be9"
}

# Legacy zone name, as old configurations still write it.
resource "scaleway_instance_server" "legacy_zone" {
  zone  = "par1"
  type  = "GP1-XS"
  image = "ubuntu_focal"
}

resource "scaleway_instance_server" "bastion" {
  zone  = "nl-ams-1"
  type  = "DEV1-S"
  image = var.bastion_image
}

# pl-waw-2 is real, but the offline snapshot holds no answer for it: not checked.
resource "scaleway_instance_server" "dr" {
  zone  = "pl-waw-2"
  type  = "DEV1-S"
  image = "ubuntu_jammy"
}
