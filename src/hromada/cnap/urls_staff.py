from django.urls import path

from hromada.cnap import offices, statistics
from hromada.cnap import views_staff as views
from hromada.cnap.applications import views as applications
from hromada.cnap.catalogue import views_staff as catalogue

app_name = "cnap-staff"

urlpatterns: list = [
    path("", views.offices, name="offices"),
    path("statistics/", statistics.page, name="statistics"),
    path("offices/new/", offices.office_edit, name="office-new"),
    path("offices/<int:pk>/", offices.office_settings, name="office"),
    path("offices/<int:pk>/edit/", offices.office_edit, name="office-edit"),
    path("catalogue/", catalogue.service_list, name="services"),
    path("catalogue/new/", catalogue.service_edit, name="service-new"),
    path("catalogue/<int:pk>/", catalogue.service_detail, name="service"),
    path("catalogue/<int:pk>/edit/", catalogue.service_edit, name="service-edit"),
    path("catalogue/<int:pk>/draft/", catalogue.draft_open, name="draft-open"),
    path("catalogue/<int:pk>/cards/<int:card_pk>/", catalogue.card_view, name="card"),
    path("catalogue/<int:pk>/cards/<int:card_pk>/edit/", catalogue.card_edit, name="card-edit"),
    path("catalogue/<int:pk>/cards/<int:card_pk>/approve/", catalogue.card_approve, name="card-approve"),
    path("applications/", applications.staff_list, name="applications"),
    path("applications/<int:pk>/", applications.staff_detail, name="application"),
    path("applications/<int:pk>/act/", applications.staff_act, name="application-act"),
    path("applications/<int:pk>/files/<int:file_pk>/", applications.staff_file, name="application-file"),
    path("<int:office_pk>/", views.console, name="console"),
    path("<int:office_pk>/act/", views.act, name="act"),
]
