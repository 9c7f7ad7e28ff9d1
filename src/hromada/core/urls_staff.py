from django.urls import path

from hromada.core import structure, views, views_jobs
from hromada.core.notifications import urls as notification_urls

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("hromada/", views.hromada_profile, name="hromada"),
    path("members/", views.members, name="members"),
    path("members/new/", views.member_create, name="member-create"),
    path("members/<int:pk>/", views.member_detail, name="member-detail"),
    path("members/<int:pk>/roles/<int:assignment_pk>/revoke/", views.role_revoke, name="role-revoke"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/exceptions/add/", views.calendar_exception_add, name="calendar-exception-add"),
    path("calendar/exceptions/<int:pk>/delete/", views.calendar_exception_delete, name="calendar-exception-delete"),
    path("tokens/", views.tokens, name="tokens"),
    path("jobs/", views_jobs.job_list, name="jobs"),
    path("jobs/<slug:name>/", views_jobs.job_detail, name="job-detail"),
    path("jobs/<slug:name>/run/", views_jobs.job_run, name="job-run"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
urlpatterns += notification_urls.staff_urlpatterns
for crud in structure.ALL:
    urlpatterns += crud.urls()
