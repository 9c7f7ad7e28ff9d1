"""All writes of the programmes app (house rule 1)."""
