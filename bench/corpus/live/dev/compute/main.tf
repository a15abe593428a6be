module "sandbox" {
  source = "../../../modules/fleet"

  name_prefix = "dev-sbx"
  servers     = local.sandboxes
  defaults = {
    type  = "DEV1-S"
    image = var.dev_image
  }
  tags = local.tags
}

# Preview of the current branch, on the image Packer just built.
resource "scaleway_instance_server" "preview" {
  count = var.preview_enabled ? 1 : 0

  name  = "dev-preview"
  type  = "PRO2-XS"
  image = var.app_image_id
  tags  = concat(local.tags, ["role:preview"])
}

module "ci_runner" {
  source  = "scaleway-terraform-modules/instance/scaleway"
  version = "~> 3.2"

  hostname           = "dev-gitlab-runner"
  instance_type      = "PRO2-S"
  image              = "ubuntu_noble"
  enable_public_ipv4 = true
  tags               = concat(local.tags, ["role:ci"])
}

module "bastion" {
  source = "../../../modules/bastion"

  # Developers come in through the VPN.
  enabled       = false
  name          = "dev-bastion"
  allowed_cidrs = ["198.51.100.0/27"]
}

resource "scaleway_instance_ip" "windows_jump" {
  count = var.windows_jump_enabled ? 1 : 0
}

resource "scaleway_instance_server" "windows_jump" {
  count = var.windows_jump_enabled ? 1 : 0

  name  = "dev-win-jump"
  type  = "POP2-2C-8G-WIN"
  image = "windows_server_2022"
  ip_id = scaleway_instance_ip.windows_jump[0].id
  tags  = concat(local.tags, ["role:rdp"])

  root_volume {
    size_in_gb  = 60
    volume_type = "sbs_volume"
  }
}
