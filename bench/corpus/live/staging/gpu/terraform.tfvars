project_id = "8a1e4c7d-2b9f-4e3a-a6d5-0c7b9e2f4a18"

gpu_nodes = {
  inference = "L4-1-24G"
  training  = "H100-1-80G"
}

ml_team_keys = [
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFm2b0mJ7f5QeB0y2Kx9p1c3Vq6sR8tU4wZ5aD7eH3gL ml-team",
]
