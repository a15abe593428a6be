# Pin the image by ID so that a new Marketplace release does not replace servers on the
# next apply: the ID only changes when someone re-runs this lookup on purpose.
data "scaleway_marketplace_image" "this" {
  label         = var.label
  instance_type = var.instance_type
  image_type    = var.image_type
  zone          = var.zone
}
