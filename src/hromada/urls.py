from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from hromada.accounts import views as accounts_views
from hromada.accounts import views_eligibility as accounts_eligibility_views
from hromada.api import api
from hromada.core import auth_views, views

admin.site.site_header = _("Hromada — operator configuration")
admin.site.site_title = _("Hromada operator")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("hromada/favicon.svg"))),
    path("login/", auth_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.SignOutView.as_view(), name="logout"),
    path("password-reset/", auth_views.ResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.ResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.ResetCompleteView.as_view(), name="password_reset_complete"),
    # One password sign-in page: allauth's own goes to ours (its code, sign-up and provider pages stay).
    path("accounts/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("accounts/signup/", accounts_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    # After allauth's URLs: of two patterns with one name, reverse() builds the later one, so allauth's own
    # redirect_uri for OIDC and ID.gov.ua is /auth/oidc/NAME/callback/ and /auth/idgovua/callback/.
    path("auth/", include("hromada.accounts.urls_auth")),
    path("cabinet/work-or-study/", accounts_eligibility_views.declare, name="declare-tie"),
    path("cabinet/cases/", include("hromada.core.cases.urls_cabinet")),
    path("cabinet/petitions/", include("hromada.participation.petitions.urls_cabinet")),
    path("cabinet/budget/", include("hromada.participation.budget.urls_cabinet")),
    path("cabinet/services/", include("hromada.cnap.urls_cabinet")),
    path("cabinet/", include("hromada.accounts.urls")),
    path("staff/programmes/", include("hromada.programmes.urls")),
    path("staff/registers/", include("hromada.registers.urls")),
    path("staff/acts/", include("hromada.acts.urls")),
    path("staff/residents-accounts/", include("hromada.accounts.urls_assisted")),
    path("staff/data-requests/", include("hromada.accounts.urls_staff")),
    path("staff/cases/", include("hromada.core.cases.urls_staff")),
    path("staff/case-registry/", include("hromada.core.cases.urls_registry")),
    path("staff/hotline/", include("hromada.appeals.urls_hotline")),
    path("staff/petitions/", include("hromada.participation.petitions.urls_staff")),
    path("staff/budget/", include("hromada.participation.budget.urls_staff")),
    path("staff/cnap/", include("hromada.cnap.urls_staff")),
    path("staff/opendata/", include("hromada.opendata.urls_staff")),
    path("staff/it/", include("hromada.itassets.urls_staff")),
    path("staff/", include("hromada.accounts.staff_providers")),
    path("staff/", include("hromada.portal.urls_staff")),
    path("staff/", include("hromada.core.urls_staff")),
    path("api/v1/", api.urls),
    # CKAN's Action API answers at both addresses (the ckanapi client calls the second); DCAT at the root.
    path("api/3/action/", include("hromada.opendata.urls_ckan")),
    path("api/action/", include("hromada.opendata.urls_ckan", namespace="ckan-short")),
    path("", include("hromada.opendata.urls_dcat")),
    path("admin/", admin.site.urls),
    path("programmes/", include("hromada.programmes.urls_public")),
    path("acts/", include("hromada.acts.urls_public")),
    path("assisted/", include("hromada.accounts.urls_assisted_public")),
    path("appeals/figures/", include("hromada.appeals.urls_figures")),
    path("appeals/", include("hromada.appeals.urls_public")),
    path("hotline/", include("hromada.appeals.urls_hotline_public")),
    path("petitions/", include("hromada.participation.petitions.urls_public")),
    path("budget/", include("hromada.participation.budget.urls_public")),
    path("services/", include("hromada.cnap.urls_public")),
    path("opendata/", include("hromada.opendata.urls_public")),
    path("it/", include("hromada.itassets.urls_public")),
    path("", include("hromada.portal.urls")),
]

handler403 = "hromada.core.errors.forbidden"
handler404 = "hromada.core.errors.not_found"
handler500 = "hromada.core.errors.server_error"
