provider "scaleway" {
  zone = var.zone
}

variable "zone" {
  type    = string
  default = "fr-par-1"
}

# Clean with this provider: it asks for an instance_local image, and ubuntu_bionic has one
# for DEV1-S (a current provider would ask for an SBS image, which bionic no longer has).
resource "scaleway_instance_server" "legacy_app" {
  name  = "legacy-app"
  type  = "DEV1-S"
  image = "ubuntu_bionic"
}

# An arm64 type on a provider that only asks for local images: no arm64 local image of
# ubuntu_focal in fr-par-1.
resource "scaleway_instance_server" "arm_trial" {
  name  = "arm-trial"
  type  = "COPARM1-2C-8G"
  image = "ubuntu_focal"
}

resource "scaleway_instance_server" "lab" {
  count = 2

  name  = "lab-${count.index}"
  type  = "DEV1-S"
  image = "ubuntu_jammy"
  zone  = "fr-par-${count.index + 3}"
}
