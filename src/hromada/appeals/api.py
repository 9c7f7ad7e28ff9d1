"""The cases API under /api/v1/cases/: residents file and follow their cases; staff take the steps."""

from ninja import Router

router = Router(tags=["cases"])
