"""The resident cabinet under /cabinet/."""

from django.urls import path

from hromada.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.cabinet, name="cabinet"),
    path("join/", views.join, name="join"),
    path("profile/", views.profile, name="profile"),
    path("verification/", views.verification, name="verification"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("sign-in/", views.sign_in_methods, name="sign-in"),
    path("sessions/", views.sessions, name="sessions"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("data/", views.data, name="data"),
    path("data.json", views.data_download, name="data-download"),
    path("data/correction/", views.correction, name="correction"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
    path("notices/", views.notices, views.CABINET_PAGES, name="notices"),
    path("notices/read-all/", views.notices_read_all, views.CABINET_PAGES, name="notices-read-all"),
    path("notices/<int:pk>/read/", views.notice_read, views.CABINET_PAGES, name="notice-read"),
    path("notifications/", views.notification_preferences, views.CABINET_PAGES, name="notification-preferences"),
]
