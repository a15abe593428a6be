provider "scaleway" {
  zone       = "fr-par-1"
  region     = "fr-par"
  project_id = var.project_id
}

provider "scaleway" {
  alias      = "waw"
  zone       = "pl-waw-1"
  region     = "pl-waw"
  project_id = var.project_id
}
