variable "name" {
  type = string
}

variable "zone" {
  type    = string
  default = null
}

variable "inbound_rules" {
  type = list(object({
    port     = number
    cidr     = string
    protocol = optional(string, "TCP")
  }))
  description = "Accepted inbound traffic; everything else is dropped."
  default     = []
}

variable "stateful" {
  type    = bool
  default = true
}
