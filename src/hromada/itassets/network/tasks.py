"""tasks of this concern (imported by itassets.tasks)."""
