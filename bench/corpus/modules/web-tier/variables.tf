variable "environment" {
  type        = string
  description = "prod, staging or dev."

  validation {
    condition     = contains(["prod", "staging", "dev"], var.environment)
    error_message = "environment must be one of prod, staging, dev."
  }
}

variable "name" {
  type        = string
  description = "Name of the tier, e.g. web or api."
  default     = "web"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be lowercase letters, digits and dashes."
  }
}

variable "servers" {
  type = map(object({
    type        = optional(string)
    image       = optional(string)
    zone        = optional(string)
    disk_size   = optional(number)
    volume_type = optional(string)
  }))
  description = "Servers of the tier, keyed by short name."
}

variable "default_type" {
  type    = string
  default = "DEV1-S"
}

variable "image" {
  type        = string
  description = "Marketplace label every server of the tier boots unless its entry says otherwise."
  default     = "ubuntu_noble"
}

variable "private_network_id" {
  type    = string
  default = null
}

variable "http_port" {
  type    = number
  default = 8080
}

variable "lb_enabled" {
  type    = bool
  default = true
}

variable "lb_type" {
  type    = string
  default = "LB-S"
}

variable "tags" {
  type    = list(string)
  default = []
}
