"""Placeholder: written by the work that owns this module."""
