"""Public pages of IT assets at /it/: the cameras' map and the connectivity of institutions."""

from hromada.itassets.network.urls_public import urlpatterns as network

app_name = "itassets"
urlpatterns = [*network]
