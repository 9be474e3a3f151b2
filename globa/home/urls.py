from django.urls import path

from globa.home import views

app_name = "home"

urlpatterns = [
    path("", views.start, name="start"),
    path("ping/", views.ping, name="ping"),
    path("search/", views.search, name="search"),
    path("children/<str:child_id>/chronology/", views.child_chronology, name="chronology"),
    path("caseloads/", views.caseloads, name="caseloads"),
    path("caseloads/<int:centre_id>/<str:coordinator>/", views.caseload, name="caseload"),
]
