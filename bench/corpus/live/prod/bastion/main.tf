module "bastion" {
  source = "../../../modules/bastion"

  name          = "prod-bastion"
  allowed_cidrs = var.office_cidrs
  admin_users   = var.admin_users
  tags          = ["env:prod", "team:platform"]
}

# Break-glass access, on another OS family in case an Ubuntu update breaks sshd.
module "bastion_debian" {
  source = "../../../modules/bastion"

  name          = "prod-bastion-deb"
  type          = "GP1-XS"
  image         = "debian_bullseye"
  disk_size     = 50
  volume_type   = "l_ssd"
  allowed_cidrs = var.office_cidrs
  ssh_port      = 2222
  admin_users   = var.admin_users
  tags          = ["env:prod", "team:platform", "break-glass"]
}

module "bastion_legacy" {
  source = "../../../modules/bastion"

  enabled       = var.legacy_enabled
  name          = "prod-bastion-legacy"
  image         = "ubuntu_bionic"
  allowed_cidrs = ["192.0.2.10/32"]
  tags          = ["env:prod", "team:platform", "legacy"]
}
