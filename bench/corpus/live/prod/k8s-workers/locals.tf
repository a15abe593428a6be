locals {
  join = {
    endpoint = var.cluster_endpoint
    token    = var.join_token
  }

  pools = {
    for zone in var.worker_zones : replace(zone, "-", "") => {
      zone = zone
      size = var.workers_per_zone
    }
  }

  base_labels = {
    "node.kestrel.io/env"  = "prod"
    "node.kestrel.io/pool" = "general"
  }

  tags = ["env:prod", "team:platform", "cluster:prod-k3s"]
}
