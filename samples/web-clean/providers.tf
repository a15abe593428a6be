terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = ">= 2.50"
    }
  }
}

provider "scaleway" {
  zone = "fr-par-1"
}
