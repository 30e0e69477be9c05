"""Operating the platform: backups of the database and uploaded files, and restoring them."""
