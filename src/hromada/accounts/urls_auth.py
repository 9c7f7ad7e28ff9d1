"""Sign-in with identity providers at the addresses the issue fixes: /auth/oidc/NAME/… and /auth/idgovua/….

These come before allauth's own URLs, so allauth's reverse() of the same names builds these addresses.
"""

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.urls import path

urlpatterns = [
    path("oidc/<str:provider_id>/login/", oidc_views.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/callback/", oidc_views.callback, name="openid_connect_callback"),
]
