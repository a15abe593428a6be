variable "name_prefix" {
  type        = string
  description = "Prefix of every server name, e.g. prod-web."
}

variable "servers" {
  type = map(object({
    type        = optional(string)
    image       = optional(string)
    zone        = optional(string)
    disk_size   = optional(number)
    volume_type = optional(string)
  }))
  description = "One entry per server; unset fields fall back to var.defaults."
}

variable "defaults" {
  type = object({
    type  = string
    image = string
  })
  default = {
    type  = "DEV1-S"
    image = "ubuntu_noble"
  }
}

variable "security_group_id" {
  type    = string
  default = null
}

variable "private_network_ids" {
  type    = list(string)
  default = []
}

variable "cloud_init" {
  type        = string
  description = "cloud-init document rendered by the caller."
  default     = null
}

variable "tags" {
  type    = list(string)
  default = []
}
