commercial_type = "PRO2-S"
image_prefix    = "web-prod"
