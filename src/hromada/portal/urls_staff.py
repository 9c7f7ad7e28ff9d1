"""Staff URLs of the portal, mounted under /staff/ in the "portal_staff" namespace."""

from django.urls import path

from hromada.portal import views_staff

app_name = "portal_staff"

urlpatterns = [
    path("contacts/", views_staff.contacts_edit, name="contacts"),
    path("feedback/", views_staff.feedback_list, name="feedback-list"),
    path("feedback/export.csv", views_staff.feedback_export, name="feedback-export"),
    path("feedback/<int:pk>/", views_staff.feedback_detail, name="feedback-detail"),
    path("feedback/<int:pk>/handled/", views_staff.feedback_handle, name="feedback-handle"),
]
