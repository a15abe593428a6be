variable "name" {
  type = string
}

variable "type" {
  type        = string
  description = "GPU commercial type."
  default     = "L4-1-24G"

  validation {
    condition     = can(regex("^(L4|L40S|H100|H100-SXM|RENDER|GPU-3070)-", var.type))
    error_message = "gpu-node is for GPU commercial types only."
  }
}

variable "image_label" {
  type        = string
  description = "GPU OS image; it ships the NVIDIA driver and container toolkit."
  default     = "ubuntu_jammy_gpu_os_12"
}

variable "zone" {
  type        = string
  description = "GPU zone; null uses the provider's zone."
  default     = null
}

variable "scratch_size_gb" {
  type    = number
  default = 125
}

variable "ssh_keys" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = list(string)
  default = []
}
