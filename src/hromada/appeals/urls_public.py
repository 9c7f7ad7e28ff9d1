"""Public pages: filing an appeal or an information request; published information-request threads."""

from django.urls import path

from hromada.appeals import views_public as views

app_name = "appeals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_appeal, name="new"),
    path("filed/<int:pk>/", views.appeal_filed, name="filed"),
    path("info-requests/", views.info_request_list, name="info-requests"),
    path("info-requests/new/", views.new_info_request, name="info-request-new"),
    path("info-requests/sent/", views.info_request_sent, name="info-request-sent"),
    path("info-requests/<int:pk>/", views.info_request_detail, name="info-request"),
    path("info-requests/<int:pk>/publish/", views.publish, name="info-request-publish"),
    path("info-requests/<int:pk>/unpublish/", views.unpublish, name="info-request-unpublish"),
]
