"""URLs of inter-agency access, inside the "registers" namespace."""

from django.urls import path

from hromada.registers import views_access as v

urlpatterns = [
    path("access/", v.grants, name="grants"),
    path("access/<int:grant_id>/", v.grant_detail, name="grant-detail"),
    path("access/<int:grant_id>/revoke/", v.grant_revoke, name="grant-revoke"),
    path("shared/", v.shared_home, name="shared-home"),
    path("shared/<int:grant_id>/<str:register>/", v.shared_list, name="shared-list"),
    path("shared/<int:grant_id>/<str:register>/<int:pk>/", v.shared_detail, name="shared-detail"),
]
