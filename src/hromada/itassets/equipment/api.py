"""API of this concern under /api/v1/itassets/ (added to itassets.api.router)."""

from ninja import Router

router = Router()
