# The ERP runs from an image the vendor installed by hand in 2023; we only snapshot it.
resource "scaleway_instance_snapshot" "erp_golden" {
  name      = "erp-golden-2024-11"
  volume_id = "fr-par-1/6c1a9e52-3b7d-4f0e-8a24-d95b1c7e3f80"
}

resource "scaleway_instance_image" "erp_golden" {
  name           = "erp-golden"
  root_volume_id = scaleway_instance_snapshot.erp_golden.id
  tags           = local.common_tags
}

resource "scaleway_instance_ip" "erp" {}

resource "scaleway_instance_server" "erp" {
  name  = "${local.environment}-erp"
  type  = "GP1-S"
  image = scaleway_instance_image.erp_golden.id
  ip_id = scaleway_instance_ip.erp.id
  tags  = concat(local.common_tags, ["role:erp", "backup:daily"])

  root_volume {
    size_in_gb            = 150
    volume_type           = "l_ssd"
    delete_on_termination = false
  }

  private_network {
    pn_id = local.private_network_id
  }
}
