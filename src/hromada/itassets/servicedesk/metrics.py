"""metrics of this concern (imported by itassets.metrics)."""
