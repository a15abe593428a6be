variable "project_id" {
  type = string
}

variable "node_image" {
  type        = string
  description = "Marketplace label of the worker OS; pinned by ID through modules/image-lookup."
  default     = "ubuntu_jammy"
}

variable "cluster_endpoint" {
  type    = string
  default = "https://k8s.staging.internal.kestrel.io:6443"
}

variable "join_token" {
  type      = string
  sensitive = true
}

variable "pools" {
  type = map(object({
    size        = number
    type        = string
    volume_type = optional(string, "sbs_volume")
    labels      = optional(map(string), {})
  }))
  description = "Worker pools of the staging cluster."
}
