from django.urls import path

from hromada.cnap import views_public as views

app_name = "cnap"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("offices/", views.offices, name="offices"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/book/submit/", views.book_submit, name="book-submit"),
    path("queue/<int:office_pk>/kiosk/", views.kiosk, name="kiosk"),
    path("queue/<int:office_pk>/ticket/<int:pk>/", views.ticket, name="ticket"),
    path("queue/<int:office_pk>/board/", views.board, name="board"),
]
