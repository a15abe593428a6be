variable "zone" {
  type    = string
  default = "fr-par-1"
}

variable "bastion_image" {
  type = string
}
