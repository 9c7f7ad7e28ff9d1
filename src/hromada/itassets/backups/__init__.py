"""The register of backups and restore tests, fed by the platform's own `hromada backup`."""
