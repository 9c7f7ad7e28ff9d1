"""Importers of the IT assets module (core.imports autodiscovers ``<app>.importers``): each concern's module."""

from hromada.itassets.equipment import importers as _equipment  # noqa: F401
from hromada.itassets.software import importers as _software  # noqa: F401
