provider "scaleway" {
  zone   = "fr-par-1"
  region = "fr-par"
}
