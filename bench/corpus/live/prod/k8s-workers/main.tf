module "workers" {
  source   = "../../../modules/worker-pool"
  for_each = local.pools

  name             = "prod-k8s-${each.key}"
  size             = each.value.size
  type             = var.worker_type
  image            = "ubuntu_noble"
  zone             = each.value.zone
  root_volume_size = 80
  join             = local.join
  node_labels      = merge(local.base_labels, { "topology.kubernetes.io/zone" = each.value.zone })
  tags             = local.tags
}

# Warm standby in Warsaw; one node outside DR drills.
module "workers_dr" {
  source = "../../../modules/worker-pool"
  providers = {
    scaleway = scaleway.waw
  }

  name  = "prod-k8s-waw1"
  size  = var.dr_enabled ? 3 : 1
  type  = "POP2-2C-8G"
  image = "ubuntu_noble"
  join  = local.join
  node_labels = merge(local.base_labels, {
    "topology.kubernetes.io/zone" = "pl-waw-1"
    "node.kestrel.io/pool"        = "dr"
  })
  tags = concat(local.tags, ["dr"])
}
