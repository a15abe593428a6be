variable "enabled" {
  type        = bool
  description = "Create the bastion. Dev environments usually go through the VPN instead."
  default     = true
}

variable "name" {
  type    = string
  default = "bastion"
}

variable "type" {
  type    = string
  default = "DEV1-S"
}

variable "image" {
  type    = string
  default = "ubuntu_jammy"
}

variable "disk_size" {
  type    = number
  default = 20
}

variable "volume_type" {
  type        = string
  description = "Root volume type; null lets the provider choose."
  default     = null
}

variable "allowed_cidrs" {
  type        = list(string)
  description = "Office and VPN egress ranges allowed to reach SSH."

  validation {
    condition     = length(var.allowed_cidrs) > 0
    error_message = "Give at least one CIDR, never 0.0.0.0/0."
  }
}

variable "ssh_port" {
  type    = number
  default = 22
}

variable "admin_users" {
  type    = list(string)
  default = ["ops"]
}

variable "private_network_id" {
  type    = string
  default = null
}

variable "tags" {
  type    = list(string)
  default = []
}
