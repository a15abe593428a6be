provider "scaleway" {
  zone = "fr-par-1"
}

# There is no macOS instance image: Apple silicon is its own product.
resource "scaleway_instance_server" "build_mac" {
  type  = "DEV1-M"
  image = "macos"
}

# ubuntu_bionic is end of life: its images remain for local volumes only, and a current
# provider asks for an SBS image when no root volume type is written.
resource "scaleway_instance_server" "legacy_app" {
  type  = "DEV1-S"
  image = "ubuntu_bionic"
}

resource "scaleway_instance_server" "legacy_db" {
  type  = "DEV1-L"
  image = "ubuntu_bionic"

  root_volume {
    volume_type = "l_ssd"
  }
}

# Nor is there any arm64 image of it left: no volume type helps.
resource "scaleway_instance_server" "legacy_arm" {
  type  = "COPARM1-2C-8G"
  image = "ubuntu_bionic"
}

# Windows images boot only on the POP2 ...-WIN types.
resource "scaleway_instance_server" "ad" {
  type  = "DEV1-S"
  image = "windows_server_2022"
}
