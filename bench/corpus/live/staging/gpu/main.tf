module "gpu" {
  source   = "../../../modules/gpu-node"
  for_each = var.gpu_nodes
  providers = {
    scaleway = scaleway.par2
  }

  name     = "stg-gpu-${each.key}"
  type     = each.value
  ssh_keys = var.ml_team_keys
  tags     = ["env:staging", "team:ml"]
}
