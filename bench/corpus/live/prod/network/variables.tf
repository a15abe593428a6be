variable "project_id" {
  type        = string
  description = "Scaleway project of the production environment."

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.project_id))
    error_message = "project_id must be a UUID."
  }
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "private_networks" {
  type        = map(string)
  description = "Private networks of the Paris VPC."
  default = {
    apps = "10.10.0.0/22"
    data = "10.10.4.0/22"
    k8s  = "10.10.8.0/21"
  }
}

variable "vpn_type" {
  type    = string
  default = "DEV1-S"
}
