provider "scaleway" {
  zone       = "fr-par-1"
  region     = "fr-par"
  project_id = var.project_id
}

# GPU capacity (L4, H100) lives in PAR2.
provider "scaleway" {
  alias      = "par2"
  zone       = "fr-par-2"
  region     = "fr-par"
  project_id = var.project_id
}
