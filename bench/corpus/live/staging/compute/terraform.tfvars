project_id   = "8a1e4c7d-2b9f-4e3a-a6d5-0c7b9e2f4a18"
image        = "ubuntu_jammy"
web_count    = 2
cron_enabled = false
