"""Staff URLs of the registry of acts, mounted at /staff/acts/ in the "acts" namespace."""

from django.urls import path

from hromada.acts import urls_import, urls_sessions, views, views_edit

app_name = "acts"

urlpatterns = [
    path("", views.act_list, name="list"),
    path("export.<str:fmt>", views.act_export, name="export"),
    path("deadlines/", views.deadline_list, name="deadlines"),
    path("new/", views_edit.act_create, name="create"),
    path("<int:pk>/", views.act_detail, name="detail"),
    path("<int:pk>/edit/", views_edit.act_edit, name="edit"),
    path("<int:pk>/publish/", views_edit.act_publish, name="publish"),
    path("<int:pk>/delete/", views_edit.act_delete, name="delete"),
    path("<int:pk>/relations/new/", views_edit.relation_add, name="relation-add"),
    path("<int:pk>/relations/<int:relation_pk>/delete/", views_edit.relation_remove, name="relation-remove"),
    path("<int:pk>/files/new/", views_edit.attachment_add, name="attachment-add"),
    path("<int:pk>/files/<int:attachment_pk>/", views_edit.attachment_download, name="attachment-download"),
    path("<int:pk>/files/<int:attachment_pk>/delete/", views_edit.attachment_remove, name="attachment-remove"),
    path("<int:pk>/versions/", views.version_list, name="versions"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
]
urlpatterns += urls_sessions.urlpatterns
urlpatterns += urls_import.urlpatterns
