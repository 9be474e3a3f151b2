from django.urls import path

from globa.retention import views

app_name = "retention"
urlpatterns = [
    path("data-protection/retention/", views.retention, name="retention"),
    path("data-protection/retention/<str:review_id>/confirm/", views.confirm, name="confirm"),
    path("data-protection/retention/<str:review_id>/approve/", views.approve, name="approve"),
    path("data-protection/retention/<str:review_id>/keep/", views.keep, name="keep"),
    path("data-protection/holds/new/", views.hold_new, name="hold_new"),
    path("data-protection/holds/<str:hold_id>/lift/", views.hold_lift, name="hold_lift"),
    path("data-protection/requests/", views.requests, name="requests"),
    path(
        "data-protection/requests/<str:kind>/<str:record_id>.<str:fmt>",
        views.export,
        name="export",
    ),
]
