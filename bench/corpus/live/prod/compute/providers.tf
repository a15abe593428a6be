provider "scaleway" {
  zone       = "fr-par-1"
  region     = "fr-par"
  project_id = var.project_id
}

# Edge nodes close to the Dutch customers.
provider "scaleway" {
  alias      = "ams"
  zone       = "nl-ams-1"
  region     = "nl-ams"
  project_id = var.project_id
}
