"""Equipment: the inventory, lifecycle (useful life, depreciation), assignments, inventory rounds, labels, import."""
