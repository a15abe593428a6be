locals {
  tags = concat(var.tags, ["role:bastion"])
}

module "security_group" {
  source = "../security-group"
  count  = var.enabled ? 1 : 0

  name          = "${var.name}-ssh"
  inbound_rules = [for cidr in var.allowed_cidrs : { port = var.ssh_port, cidr = cidr }]
}

resource "scaleway_instance_ip" "bastion" {
  count = var.enabled ? 1 : 0
  tags  = local.tags
}

resource "scaleway_instance_server" "bastion" {
  count = var.enabled ? 1 : 0

  name              = var.name
  type              = var.type
  image             = var.image
  ip_id             = scaleway_instance_ip.bastion[0].id
  security_group_id = module.security_group[0].id
  tags              = local.tags

  root_volume {
    size_in_gb  = var.disk_size
    volume_type = var.volume_type
  }

  user_data = {
    "cloud-init" = <<-EOT
      #cloud-config
      ssh_pwauth: false
      users:
      %{~for user in var.admin_users}
        - name: ${user}
          groups: [sudo]
          shell: /bin/bash
      %{~endfor}
      write_files:
        - path: /etc/ssh/sshd_config.d/10-bastion.conf
          content: |
            Port ${var.ssh_port}
            AllowTcpForwarding yes
            PermitRootLogin no
    EOT
  }

  dynamic "private_network" {
    for_each = var.private_network_id == null ? [] : [var.private_network_id]

    content {
      pn_id = private_network.value
    }
  }
}
