"""/api/v1/budget: editions, their projects, casting a ballot with a resident token."""

from ninja import Router

router = Router(tags=["budget"])
