# Pinned in 2024 and never bumped: provider 2.40 still boots local-volume images when no
# root volume type is written.
terraform {
  required_providers {
    scaleway = {
      source  = "scaleway/scaleway"
      version = "~> 2.40.0"
    }
  }
}
