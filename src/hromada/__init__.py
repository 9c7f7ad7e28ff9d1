"""Hromada: the digital platform of a Ukrainian territorial community."""

__version__ = "0.1.0"
