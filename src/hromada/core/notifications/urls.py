"""URL patterns of the notification pages; the staff area includes ``staff_urlpatterns``."""

from django.urls import path

from hromada.core.notifications import views

_own = views.STAFF_PAGES

staff_urlpatterns = [
    path("notices/", views.inbox, _own, name="notices"),
    path("notices/<int:pk>/read/", views.notice_read, _own, name="notice-read"),
    path("notices/read-all/", views.notices_read_all, _own, name="notices-read-all"),
    path("notifications/settings/", views.preferences, _own, name="notification-preferences"),
    path("notifications/log/", views.log, name="notification-log"),
    path("notifications/log/export.csv", views.log_export, {"fmt": "csv"}, name="notification-log-csv"),
    path("notifications/log/export.xlsx", views.log_export, {"fmt": "xlsx"}, name="notification-log-xlsx"),
    path("notifications/log/<int:pk>/", views.log_detail, name="notification-log-detail"),
]
