# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/scaleway/scaleway" {
  version     = "2.62.0"
  constraints = "~> 2.60"
  hashes = [
    "h1:0Yx1kPvq5kqpL0hJ1wVt0n3mZ0m8vVvQ6r8n0JpY2lA=",
  ]
}
