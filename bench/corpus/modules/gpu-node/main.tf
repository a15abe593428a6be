# Resolve the image for the node's own type on block storage, so that plan shows the ID.
data "scaleway_marketplace_image" "gpu_os" {
  label         = var.image_label
  instance_type = var.type
  image_type    = "instance_sbs"
  zone          = var.zone
}

resource "scaleway_instance_server" "node" {
  name  = var.name
  type  = var.type
  image = data.scaleway_marketplace_image.gpu_os.id
  zone  = var.zone
  tags  = concat(var.tags, ["role:gpu", lower(var.type)])

  root_volume {
    size_in_gb            = var.scratch_size_gb
    volume_type           = "sbs_volume"
    delete_on_termination = false
  }

  user_data = {
    "cloud-init" = yamlencode({
      package_update      = true
      runcmd              = ["nvidia-smi -pm 1"]
      ssh_authorized_keys = var.ssh_keys
    })
  }
}
