locals {
  environment = "prod"
  common_tags = ["env:${local.environment}", "team:platform", "cost-center:${var.cost_center}"]

  private_network_id = data.terraform_remote_state.network.outputs.private_network_ids["apps"]

  web_servers = {
    for i in range(var.web_count) : format("%02d", i + 1) => {
      type = var.web_type
      zone = element(var.web_zones, i)
    }
  }

  api_servers = {
    a = { type = "COPARM1-4C-16G", disk_size = 40 }
    b = { type = "COPARM1-4C-16G", disk_size = 40 }
    # c took over the reporting jobs of the old GP1-S box, with its disk settings.
    c = { type = "COPARM1-4C-16G", disk_size = 80, volume_type = "l_ssd" }
  }

  batch_servers = {
    for name in ["etl-1", "etl-2"] : name => { disk_size = 100 }
  }
}
