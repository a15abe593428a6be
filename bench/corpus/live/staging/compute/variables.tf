variable "project_id" {
  type = string
}

variable "environment" {
  type    = string
  default = "staging"

  validation {
    condition     = contains(["prod", "staging", "dev"], var.environment)
    error_message = "environment must be prod, staging or dev."
  }
}

variable "image" {
  type    = string
  default = "ubuntu_noble"
}

variable "web_count" {
  type    = number
  default = 1
}

variable "web_type" {
  type        = string
  description = "Commercial type of the web servers."
  default     = "DEV1-S"
}

variable "cron_enabled" {
  type    = bool
  default = true
}

variable "extra_tags" {
  type    = list(string)
  default = []
}
