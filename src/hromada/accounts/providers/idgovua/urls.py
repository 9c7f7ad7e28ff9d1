"""allauth looks for a provider's urls module; ID.gov.ua's addresses are in hromada.accounts.urls_auth."""

urlpatterns: list = []
