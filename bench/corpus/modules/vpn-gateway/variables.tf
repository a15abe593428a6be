variable "name" {
  type    = string
  default = "vpn"
}

variable "type" {
  type    = string
  default = "DEV1-S"
}

variable "private_network_id" {
  type        = string
  description = "Network the VPN clients reach."
}

variable "udp_port" {
  type    = number
  default = 1194
}

variable "tags" {
  type    = list(string)
  default = []
}
