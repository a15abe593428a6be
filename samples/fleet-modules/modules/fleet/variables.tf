variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "type" {
  type    = string
  default = "DEV1-S"
}

variable "replicas" {
  type    = number
  default = 1
}

variable "volume_type" {
  type    = string
  default = "sbs_volume"
}
