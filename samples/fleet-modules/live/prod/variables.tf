variable "env" {
  type        = string
  description = "Environment name, used in server names"
}

variable "os_image" {
  type        = string
  description = "Marketplace label every fleet boots"
  default     = "ubuntu_jammy"
}

variable "edge_type" {
  type    = string
  default = "DEV1-S"
}
