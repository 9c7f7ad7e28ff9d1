from django.urls import path

from hromada.cnap import views_public as views
from hromada.cnap.applications import views as applications

app_name = "cnap"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("offices/", views.offices, name="offices"),
    path("open-data.csv", views.open_data_csv, name="open-data-csv"),
    path("open-data.json", views.open_data_json, name="open-data-json"),
    path("<int:pk>/card.docx", views.card_docx, name="card-docx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/book/submit/", views.book_submit, name="book-submit"),
    path("<int:pk>/apply/", applications.apply, name="apply"),
    path("queue/<int:office_pk>/kiosk/", views.kiosk, name="kiosk"),
    path("queue/<int:office_pk>/ticket/<int:pk>/", views.ticket, name="ticket"),
    path("queue/<int:office_pk>/board/", views.board, name="board"),
]
