"""Menu items of this concern (imported by itassets.navigation)."""
