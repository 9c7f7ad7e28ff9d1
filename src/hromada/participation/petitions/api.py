"""/api/v1/petitions: the list, one petition, signing with a resident token."""

from ninja import Router

router = Router(tags=["petitions"])
