"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path

from hromada.itassets.servicedesk import views

urlpatterns: list = [
    path("requests/", views.queue, name="request-list"),
    path("requests/mine/", views.mine, name="request-mine"),
    path("requests/new/", views.new, name="request-new"),
    path("requests/figures/", views.figures, name="request-figures"),
    path("requests/item/<int:pk>/", views.item_history, name="request-item-history"),
    path("requests/<int:pk>/", views.detail, name="request-detail"),
    path("requests/<int:pk>/triage/", views.triage, name="request-triage"),
    path("requests/<int:pk>/assign/", views.assign, name="request-assign"),
    path("requests/<int:pk>/work/", views.work, name="request-work"),
    path("requests/<int:pk>/parts/", views.parts, name="request-parts"),
    path("requests/<int:pk>/note/", views.note, name="request-note"),
    path("requests/<int:pk>/status/", views.status, name="request-status"),
    path("requests/<int:pk>/resolve/", views.resolve, name="request-resolve"),
    path("requests/<int:pk>/cancel/", views.cancel, name="request-cancel"),
    path("requests/<int:pk>/close/", views.close, name="request-close"),
    path("requests/<int:pk>/reopen/", views.reopen, name="request-reopen"),
]
