project_id = "c47d0e95-7a1b-4f2c-8e6d-3b5a9f1c2d84"

developers = ["amelie", "bastien", "chloe"]
sandbox_types = {
  bastien = "DEV1-M"
}
dev_image = "ubuntu_jamy"
