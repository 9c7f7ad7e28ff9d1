"""Public pages of this concern (mounted by itassets.urls_public under the namespace itassets)."""

urlpatterns: list = []
