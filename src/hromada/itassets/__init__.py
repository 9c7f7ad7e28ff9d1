"""IT assets: equipment and video cameras, software licences, connectivity, backups and IT service requests."""
