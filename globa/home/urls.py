from django.urls import path

from globa.home import views

app_name = "home"

urlpatterns = [
    path("", views.start, name="start"),
    path("ping/", views.ping, name="ping"),
]
