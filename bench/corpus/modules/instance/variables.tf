variable "name" {
  type        = string
  description = "Server name; also used as hostname."
}

variable "type" {
  type        = string
  description = "Commercial type, exactly as Scaleway spells it (DEV1-S, PRO2-XS, COPARM1-2C-8G...)."
  default     = "DEV1-S"
}

variable "image" {
  type        = string
  description = "Marketplace label (ubuntu_noble) or image ID (zone/UUID or UUID)."
  default     = "ubuntu_noble"
}

variable "zone" {
  type        = string
  description = "Availability Zone; null uses the provider's zone."
  default     = null
}

variable "root_volume" {
  type = object({
    size_in_gb            = number
    volume_type           = optional(string)
    delete_on_termination = optional(bool, true)
  })
  description = "Root volume settings; null keeps the image's default volume."
  default     = null
}

variable "enable_public_ip" {
  type        = bool
  description = "Attach a flexible IPv4 to the server."
  default     = false
}

variable "security_group_id" {
  type        = string
  description = "Security group to attach; null uses the project's default group."
  default     = null
}

variable "placement_group_id" {
  type    = string
  default = null
}

variable "private_network_ids" {
  type        = list(string)
  description = "Private networks to attach the server to."
  default     = []
}

variable "user_data" {
  type        = map(string)
  description = "User data, e.g. { cloud-init = file(...) }."
  default     = {}
}

variable "tags" {
  type    = list(string)
  default = []
}
