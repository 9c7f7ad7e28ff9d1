"""Format overrides (settings.FORMAT_MODULE_PATH): dates as Ukrainian documents write them."""
