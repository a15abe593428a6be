env       = "prod"
os_image  = "ubuntu_noble"
edge_type = "dev1-m"
