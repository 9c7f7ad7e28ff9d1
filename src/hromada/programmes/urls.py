"""Staff URLs of the programmes app, mounted at /staff/programmes/ in the "programmes" namespace."""

from django.urls import path

from hromada.programmes import urls_strategy, views, views_monitoring

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/passport/", views.passport_edit, name="passport"),
    path("<int:pk>/sections/", views.sections_edit, name="sections"),
    path("<int:pk>/directions/", views.directions, name="directions"),
    path("<int:pk>/directions/<int:direction_pk>/delete/", views.direction_delete, name="direction-delete"),
    path("<int:pk>/tasks/", views.task_list, name="tasks"),
    path("<int:pk>/tasks/new/", views.task_edit, name="task-create"),
    path("<int:pk>/tasks/<int:task_pk>/", views.task_edit, name="task-edit"),
    path("<int:pk>/tasks/<int:task_pk>/delete/", views.task_delete, name="task-delete"),
    path("<int:pk>/indicators/", views.indicator_list, name="indicators"),
    path("<int:pk>/indicators/new/", views.indicator_edit, name="indicator-create"),
    path("<int:pk>/indicators/<int:indicator_pk>/", views.indicator_edit, name="indicator-edit"),
    path("<int:pk>/indicators/<int:indicator_pk>/actual/", views.indicator_actual, name="indicator-actual"),
    path("<int:pk>/indicators/<int:indicator_pk>/delete/", views.indicator_delete, name="indicator-delete"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/programme.docx", views.programme_document, name="document"),
    path("<int:pk>/annex-<str:annex>.<str:fmt>", views.annex_document, name="annex"),
    path("<int:pk>/monitoring/", views_monitoring.monitoring_home, name="monitoring"),
    path("<int:pk>/monitoring/<int:period_pk>/", views_monitoring.period_detail, name="period"),
    path("<int:pk>/monitoring/<int:period_pk>/snapshots/", views_monitoring.period_snapshots, name="snapshots"),
    path("<int:pk>/monitoring/<int:period_pk>/reports/<int:report_pk>/", views_monitoring.unit_report,
         name="unit-report"),
    path("<int:pk>/monitoring/<int:period_pk>/reports/<int:report_pk>/return/", views_monitoring.unit_report_return,
         name="unit-report-return"),
    path("<int:pk>/reports/<int:year>/", views_monitoring.annual_report, name="annual"),
    path("<int:pk>/reports/<int:year>/<str:which>.<str:fmt>", views_monitoring.annual_document,
         name="annual-document"),
]
urlpatterns += urls_strategy.urlpatterns
