variable "name" {
  type = string
}

# Each fleet gets a small bastion with the image the platform team pinned.
resource "scaleway_instance_server" "bastion" {
  name  = "${var.name}-bastion"
  image = "ubuntu_focal"
  type  = "STARDUST1-S"

  root_volume {
    volume_type = "l_ssd"
  }
}
