from django.urls import path

from hromada.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/feedback/", views.feedback, name="feedback"),
    path("contacts/feedback/sent/", views.feedback_sent, name="feedback-sent"),
]
