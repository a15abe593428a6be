# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/scaleway/scaleway" {
  version     = "2.62.0"
  constraints = ">= 2.30.0, >= 2.40.0, >= 2.50.0"
  hashes = [
    "h1:Q2lXm6vRjU3hVw0fN8kYc1pZ7sT4eD9aB5gH2jK6LmM=",
    "zh:0a7f5c3e9b1d4f6a8c2e0b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a",
    "zh:1b8e6d4f0c2a5e7b9d3f1a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b",
    "zh:2c9f7e5a1d3b6f8c0e4a2b5d7f9c1e3a5b7d9f1c3e5a7b9d1f3c5e7a9b1d3f5c",
    "zh:3da08f6b2e4c7a9d1f5b3c6e8a0d2f4b6c8e0a2d4f6b8c0e2a4d6f8b0c2e4a6d",
  ]
}
