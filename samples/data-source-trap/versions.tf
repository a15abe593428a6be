terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = ">= 2.51, < 3.0"
    }
  }
}

provider "scaleway" {
  zone = "fr-par-1"
}
