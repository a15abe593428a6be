locals {
  # Fill in the fleet defaults; an explicit null in an entry means "use the default".
  servers = {
    for key, server in var.servers : key => {
      type  = coalesce(server.type, var.defaults.type)
      image = coalesce(server.image, var.defaults.image)
      zone  = server.zone
      root_volume = server.disk_size == null && server.volume_type == null ? null : {
        size_in_gb  = coalesce(server.disk_size, 20)
        volume_type = server.volume_type
      }
    }
  }
}
