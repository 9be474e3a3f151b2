from django.urls import path

from globa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("session/renew/", views.session_renew, name="session_renew"),
    path("staff/", views.staff, name="staff"),
    path("staff/roles/new/", views.role_propose, name="role_propose"),
    path("staff/roles/<str:grant_id>/decide/", views.role_decide, name="role_decide"),
    path("staff/memberships/<str:membership_id>/end/", views.role_end, name="role_end"),
    path(
        "staff/memberships/<str:membership_id>/position/",
        views.membership_position,
        name="membership_position",
    ),
]
