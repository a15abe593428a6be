project_id = "8a1e4c7d-2b9f-4e3a-a6d5-0c7b9e2f4a18"

pools = {
  general = {
    size        = 3
    type        = "DEV1-M"
    volume_type = "l_ssd"
  }
  arm = {
    size = 2
    type = "COPARM1-2C-8G"
    labels = {
      "kubernetes.io/arch" = "arm64"
    }
  }
}
