output "worker_ids" {
  value = { for pool, workers in module.workers : pool => workers.ids }
}
