"""datasets of this concern (imported by itassets.datasets)."""
