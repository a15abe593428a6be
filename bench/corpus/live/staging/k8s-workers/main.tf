module "node_image" {
  source = "../../../modules/image-lookup"

  label = var.node_image
}

module "pool" {
  source   = "../../../modules/worker-pool"
  for_each = var.pools

  name             = "stg-k8s-${each.key}"
  size             = each.value.size
  type             = each.value.type
  image            = module.node_image.id
  root_volume_type = each.value.volume_type
  # DEV1 local disks stop at 40 GB (DEV1-M).
  root_volume_size = each.value.volume_type == "l_ssd" ? 40 : 50
  join = {
    endpoint = var.cluster_endpoint
    token    = var.join_token
  }
  node_labels = merge({ "node.kestrel.io/pool" = each.key }, each.value.labels)
  tags        = ["env:staging", "team:platform", "cluster:staging-k3s"]
}
