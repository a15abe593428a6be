variable "name" {
  type        = string
  description = "Name of the VPC and prefix of its private networks."
}

variable "private_networks" {
  type        = map(string)
  description = "Private network name => IPv4 subnet (CIDR)."

  validation {
    condition     = alltrue([for cidr in values(var.private_networks) : can(cidrhost(cidr, 0))])
    error_message = "Every private network needs a valid IPv4 CIDR."
  }
}

variable "public_gateway_type" {
  type    = string
  default = "VPC-GW-S"

  validation {
    condition     = contains(["VPC-GW-S", "VPC-GW-M", "VPC-GW-L", "VPC-GW-XL"], var.public_gateway_type)
    error_message = "Unknown public gateway type."
  }
}

variable "enable_gateway" {
  type    = bool
  default = true
}

variable "tags" {
  type    = list(string)
  default = []
}
