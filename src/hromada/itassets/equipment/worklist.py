"""worklist of this concern (imported by itassets.worklist)."""
