resource "scaleway_instance_server" "this" {
  count = var.replicas

  name  = "${var.name}-${count.index + 1}"
  image = var.image
  type  = var.type
  tags  = [var.name, "managed-by-terraform"]

  root_volume {
    volume_type = var.volume_type
    size_in_gb  = 20
  }
}

module "bastion" {
  source = "../bastion"
  name   = var.name
}
