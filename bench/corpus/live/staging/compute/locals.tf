locals {
  tags = concat(["env:${var.environment}", "team:web"], var.extra_tags)

  # Tool box size per environment.
  tools_types = {
    prod    = "PRO2-S"
    staging = "DEV1-L"
    dev     = "DEV1-S"
  }

  web_servers = {
    for i in range(var.web_count) : "web-${i + 1}" => {
      type = var.web_type
    }
  }
}
