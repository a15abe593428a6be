variable "label" {
  type        = string
  description = "Marketplace image label, e.g. ubuntu_jammy."
}

variable "instance_type" {
  type        = string
  description = "Commercial type the image must boot."
  default     = "DEV1-S"
}

variable "image_type" {
  type        = string
  description = "instance_local or instance_sbs; null keeps the provider's default."
  default     = null
}

variable "zone" {
  type    = string
  default = null
}
