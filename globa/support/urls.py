from django.urls import path

from globa.support import views

app_name = "support"
urlpatterns = [
    path(
        "households/<str:household_id>/contact/", views.household_contact, name="household_contact"
    ),
    path("children/<str:child_id>/contact/", views.child_contact, name="child_contact"),
]
