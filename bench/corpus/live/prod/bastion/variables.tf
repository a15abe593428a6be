variable "office_cidrs" {
  type        = list(string)
  description = "Public egress ranges of the Paris and Lyon offices."
  default     = ["198.51.100.0/27", "203.0.113.64/28"]
}

variable "admin_users" {
  type    = list(string)
  default = ["ops", "oncall"]
}

variable "legacy_enabled" {
  type        = bool
  description = "Keep the old bastion until the last Jenkins jobs move to the VPN."
  default     = true
}
