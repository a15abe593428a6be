"""The Scaleway provider's names imagelint reads, in configurations and plans alike."""

PROVIDER = "scaleway"
SERVER = "scaleway_instance_server"
LEGACY_SERVER = "scaleway_server"  # provider 1.x, removed in 2.0
MARKETPLACE_IMAGE = "scaleway_marketplace_image"
CHECKED_RESOURCES = (SERVER, LEGACY_SERVER)
