"""Staff URLs of council sessions; acts/urls.py adds `urlpatterns` to the "acts" namespace (/staff/acts/)."""

from django.urls import path

from hromada.acts import views_sessions

urlpatterns = [
    path("sessions/", views_sessions.session_list, name="sessions"),
    path("sessions/new/", views_sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/", views_sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views_sessions.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", views_sessions.session_delete, name="session-delete"),
    path("sessions/<int:pk>/agenda/new/", views_sessions.agenda_add, name="agenda-add"),
    path("sessions/<int:pk>/agenda/<int:item_pk>/", views_sessions.agenda_edit, name="agenda-edit"),
    path("sessions/<int:pk>/agenda/<int:item_pk>/delete/", views_sessions.agenda_delete, name="agenda-delete"),
    path("sessions/<int:pk>/agenda/<int:item_pk>/roll-call/", views_sessions.roll_call, name="rollcall"),
    path("deputies/", views_sessions.deputy_list, name="deputies"),
]
