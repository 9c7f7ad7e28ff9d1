"""Registration of cases brought on paper, by e-mail or post; categories; the registration journal and reports."""

from django.urls import path

from hromada.core.cases import views_registry as views

app_name = "case-registry"

urlpatterns: list = [
    path("new/", views.new, name="new"),
    path("new/account/", views.account_hint, name="account-hint"),
    path("new/<int:pk>/done/", views.done, name="done"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_form, name="category-new"),
    path("categories/<int:pk>/edit/", views.category_form, name="category-edit"),
    path("categories/<int:pk>/deactivate/", views.category_deactivate, name="category-deactivate"),
    path("categories/<int:pk>/activate/", views.category_activate, name="category-activate"),
    path("journal/", views.journal, name="journal"),
    path("journal.xlsx", views.journal_export, {"fmt": "xlsx"}, name="journal-xlsx"),
    path("journal.docx", views.journal_export, {"fmt": "docx"}, name="journal-docx"),
    path("report/", views.report, name="report"),
    path("report.xlsx", views.report_export, {"fmt": "xlsx"}, name="report-xlsx"),
    path("report.docx", views.report_export, {"fmt": "docx"}, name="report-docx"),
]
