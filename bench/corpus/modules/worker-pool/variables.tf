variable "name" {
  type        = string
  description = "Pool name, e.g. prod-k8s-par1."
}

variable "size" {
  type        = number
  description = "Number of workers."
  default     = 3

  validation {
    condition     = var.size >= 0 && var.size <= 20
    error_message = "A pool holds 0 to 20 workers."
  }
}

variable "type" {
  type    = string
  default = "POP2-4C-16G"
}

variable "image" {
  type        = string
  description = "Label or zone/UUID from an image-lookup."
}

variable "zone" {
  type    = string
  default = null
}

variable "root_volume_size" {
  type    = number
  default = 50
}

variable "root_volume_type" {
  type    = string
  default = "sbs_volume"

  validation {
    condition     = contains(["sbs_volume", "l_ssd"], var.root_volume_type)
    error_message = "root_volume_type is sbs_volume or l_ssd."
  }
}

variable "private_network_id" {
  type    = string
  default = null
}

variable "join" {
  type = object({
    endpoint = string
    token    = string
  })
  description = "Control plane to join."
  sensitive   = true
}

variable "node_labels" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = list(string)
  default = []
}
