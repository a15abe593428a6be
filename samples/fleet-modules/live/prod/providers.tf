provider "scaleway" {
  zone   = "fr-par-1"
  region = "fr-par"
}

# The Amsterdam edge runs from its own provider configuration.
provider "scaleway" {
  alias  = "ams"
  zone   = "nl-ams-1"
  region = "nl-ams"
}
