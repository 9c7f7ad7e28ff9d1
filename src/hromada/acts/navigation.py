"""The registry of acts in the staff menu and on the portal (entries enabled once their pages exist)."""
