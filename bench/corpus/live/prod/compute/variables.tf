variable "project_id" {
  type        = string
  description = "Scaleway project of the production environment."
}

variable "cost_center" {
  type        = string
  description = "Finance cost center, copied into every tag list."

  validation {
    condition     = can(regex("^cc-[0-9]{4}$", var.cost_center))
    error_message = "cost_center looks like cc-1234."
  }
}

variable "image" {
  type        = string
  description = "Marketplace label of the application servers."
  default     = "ubuntu_noble"

  validation {
    condition     = contains(["ubuntu_jammy", "ubuntu_noble", "debian_bookworm"], var.image)
    error_message = "Only the OS images the platform team supports."
  }
}

variable "web_count" {
  type    = number
  default = 2
}

variable "web_type" {
  type    = string
  default = "PRO2-XS"
}

variable "web_zones" {
  type        = list(string)
  description = "Web servers are spread round-robin over these zones."
  default     = ["fr-par-1", "fr-par-2"]
}

variable "edge_enabled" {
  type    = bool
  default = true
}
