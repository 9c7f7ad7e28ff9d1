from django.urls import path

from hromada.cnap import views_staff as views
from hromada.cnap.applications import views as applications

app_name = "cnap-staff"

urlpatterns: list = [
    path("", views.offices, name="offices"),
    path("applications/", applications.staff_list, name="applications"),
    path("applications/<int:pk>/", applications.staff_detail, name="application"),
    path("applications/<int:pk>/act/", applications.staff_act, name="application-act"),
    path("applications/<int:pk>/files/<int:file_pk>/", applications.staff_file, name="application-file"),
    path("<int:office_pk>/", views.console, name="console"),
    path("<int:office_pk>/act/", views.act, name="act"),
]
