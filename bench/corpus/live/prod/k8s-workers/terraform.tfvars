project_id   = "3f6b1c2a-5d4e-4f8a-9b7c-1e2d3c4b5a69"
worker_zones = ["fr-par-1", "fr-par-2", "fr-par-4"]
