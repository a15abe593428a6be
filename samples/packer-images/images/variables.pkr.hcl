variable "image" {
  type        = string
  description = "Marketplace label of the base image"
  default     = "ubuntu_jammy"
}

variable "commercial_type" {
  type    = string
  default = "DEV1-S"
}

variable "zone" {
  type    = string
  default = "fr-par-1"
}

variable "image_prefix" {
  type    = string
  default = "web"
}

locals {
  timestamp  = regex_replace(timestamp(), "[- TZ:]", "")
  image_name = "${var.image_prefix}-${local.timestamp}"
  gpu_label  = "${var.image}_gpu_os_12"
}
