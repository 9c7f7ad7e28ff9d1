"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path

from hromada.itassets.equipment import views, views_import

urlpatterns: list = [
    path("equipment/", views.item_list, name="equipment-list"),
    path("equipment/summary/", views.summary, name="equipment-summary"),
    path("equipment/new/", views.create, name="equipment-create"),
    path("equipment/labels/", views.label_sheet, name="equipment-labels"),
    path("equipment/<int:pk>/", views.detail, name="equipment-detail"),
    path("equipment/<int:pk>/edit/", views.edit, name="equipment-edit"),
    path("equipment/<int:pk>/check-out/", views.check_out, name="equipment-check-out"),
    path("equipment/<int:pk>/check-in/", views.check_in, name="equipment-check-in"),
    path("equipment/<int:pk>/status/", views.change_status, name="equipment-status"),
    path("equipment/<int:pk>/write-off/", views.write_off, name="equipment-write-off"),
    path("equipment/<int:pk>/undo-write-off/", views.undo_write_off, name="equipment-undo-write-off"),
    path("equipment/policies/", views.policies, name="equipment-policies"),
    path("equipment/policies/<slug:category>/", views.policy, name="equipment-policy"),
    path("equipment/rounds/", views.rounds, name="equipment-rounds"),
    path("equipment/rounds/new/", views.round_new, name="equipment-round-new"),
    path("equipment/rounds/<int:round_pk>/", views.round_detail, name="equipment-round"),
    path("equipment/rounds/<int:round_pk>/record/", views.round_record, name="equipment-round-record"),
    path("equipment/rounds/<int:round_pk>/close/", views.round_close, name="equipment-round-close"),
    *views_import.urlpatterns,
]
