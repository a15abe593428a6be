variable "project_id" {
  type = string
}

variable "developers" {
  type        = set(string)
  description = "One sandbox per developer."
  default     = []
}

variable "sandbox_types" {
  type        = map(string)
  description = "Per-developer commercial type overrides."
  default     = {}
}

variable "dev_image" {
  type        = string
  description = "Marketplace label of the sandboxes."
  default     = "ubuntu_noble"
}

variable "app_image_id" {
  type        = string
  description = "Image built by the Packer pipeline for this commit; CI passes -var app_image_id=<uuid>."
}

variable "preview_enabled" {
  type    = bool
  default = true
}

variable "windows_jump_enabled" {
  type    = bool
  default = false
}
