"""The registry of acts in the API (/api/v1/acts)."""

from ninja import Router

router = Router(tags=["acts"])
