locals {
  node_labels = join(",", [for k, v in var.node_labels : "${k}=${v}"])
}

resource "scaleway_instance_placement_group" "workers" {
  name        = "${var.name}-spread"
  zone        = var.zone
  policy_type = "max_availability"
  policy_mode = "enforced"
}

resource "scaleway_instance_server" "worker" {
  count = var.size

  name               = format("%s-%02d", var.name, count.index + 1)
  type               = var.type
  image              = var.image
  zone               = var.zone
  placement_group_id = scaleway_instance_placement_group.workers.id
  tags               = concat(var.tags, ["role:k8s-worker", "pool:${var.name}"])

  root_volume {
    size_in_gb  = var.root_volume_size
    volume_type = var.root_volume_type
  }

  dynamic "private_network" {
    for_each = var.private_network_id == null ? [] : [var.private_network_id]

    content {
      pn_id = private_network.value
    }
  }

  user_data = {
    "cloud-init" = <<-EOT
      #cloud-config
      runcmd:
        - curl -sfL https://get.k3s.io | K3S_URL=${var.join.endpoint} K3S_TOKEN=${var.join.token} sh -s - agent --node-label "${local.node_labels}"
    EOT
  }
}
