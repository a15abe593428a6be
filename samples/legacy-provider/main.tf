# A 2020 configuration, before the provider's 2.0 rewrite.
provider "scaleway" {
  region  = "par1"
  version = "~> 1.15.0"
}

resource "scaleway_server" "web" {
  name  = "web"
  image = "ubuntu_bionic"
  type  = "DEV1-S"
}
