locals {
  tags = ["env:dev", "ttl:7d"]

  sandboxes = {
    for dev in var.developers : dev => {
      type      = lookup(var.sandbox_types, dev, null)
      disk_size = 30
    }
  }
}
