variable "project_id" {
  type = string
}

variable "gpu_nodes" {
  type        = map(string)
  description = "Node name => GPU commercial type."
  default = {
    inference = "L4-1-24G"
  }
}

variable "ml_team_keys" {
  type    = list(string)
  default = []
}
