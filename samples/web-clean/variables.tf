variable "web_type" {
  type        = string
  description = "Commercial type of the web servers"
  default     = "DEV1-S"
}

variable "base_image" {
  type    = string
  default = "ubuntu-jammy"
}
