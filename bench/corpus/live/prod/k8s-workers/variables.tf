variable "project_id" {
  type = string
}

variable "cluster_endpoint" {
  type        = string
  description = "k3s server URL of the production control plane."
  default     = "https://k8s.prod.internal.kestrel.io:6443"
}

variable "join_token" {
  type        = string
  description = "Agent join token; CI exports it as TF_VAR_join_token from the secret manager."
  sensitive   = true
}

variable "worker_zones" {
  type        = list(string)
  description = "One worker pool per Availability Zone."

  validation {
    condition     = alltrue([for zone in var.worker_zones : can(regex("^[a-z]{2}-[a-z]{3}-[0-9]$", zone))])
    error_message = "Zones look like fr-par-1."
  }
}

variable "workers_per_zone" {
  type    = number
  default = 2
}

variable "worker_type" {
  type    = string
  default = "POP2-4C-16G"
}

variable "dr_enabled" {
  type    = bool
  default = false
}
