"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

urlpatterns: list = []
