"""Sign-in with identity providers at the addresses the issue fixes: /auth/oidc/NAME/… and /auth/idgovua/….

These come after allauth's own URLs (hromada/urls.py), so allauth's reverse() of the same names builds these
addresses. OIDC errors of the far side end on the error page (oidc_views).
"""

from django.conf import settings
from django.urls import include, path

from hromada.accounts import mfa, oidc_views
from hromada.accounts.providers.idgovua import views as idgovua_views

urlpatterns = [
    path("2fa/", mfa.code_view, name="staff_mfa_code"),
    path("oidc/<str:provider_id>/login/", oidc_views.login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/callback/", oidc_views.callback, name="openid_connect_callback"),
    path("idgovua/login/", idgovua_views.oauth2_login, name="idgovua_login"),
    path("idgovua/callback/", idgovua_views.oauth2_callback, name="idgovua_callback"),
]

if not settings.PRODUCTION:  # the imitation of ID.gov.ua for trying sign-in; never part of a production site
    urlpatterns.append(path("idgovua-demo/", include("hromada.accounts.providers.idgovua.demo_urls")))
