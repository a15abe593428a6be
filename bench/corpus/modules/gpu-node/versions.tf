terraform {
  required_version = ">= 1.5"

  required_providers {
    scaleway = {
      source = "scaleway/scaleway"
      # image_type on scaleway_marketplace_image appeared in 2.51.
      version = ">= 2.51"
    }
  }
}
