"""The development imitation of ID.gov.ua at /auth/idgovua-demo/ (included only when not PRODUCTION)."""

from django.urls import path

from hromada.accounts.providers.idgovua import demo

urlpatterns = [
    path("", demo.authorize, name="idgovua_demo_authorize"),
    path("get-access-token", demo.get_access_token, name="idgovua_demo_token"),
    path("get-user-info", demo.get_user_info, name="idgovua_demo_user_info"),
    path("get-user-logout", demo.get_user_logout, name="idgovua_demo_logout"),
]
