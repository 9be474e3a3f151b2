from django.urls import path

from globa.support import views

app_name = "support"
urlpatterns = [
    path(
        "households/<str:household_id>/contact/", views.household_contact, name="household_contact"
    ),
    path("children/<str:child_id>/contact/", views.child_contact, name="child_contact"),
    path("visits/", views.visit_calendar, name="visits"),
    path("visits/new/", views.visit_plan, name="visit_plan"),
    path("visits/<str:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<str:visit_id>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<uuid:group_id>/", views.group_detail, name="group"),
    path("groups/<uuid:group_id>/edit/", views.group_edit, name="group_edit"),
    path("groups/<uuid:group_id>/members/new/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<uuid:group_id>/members/<uuid:member_id>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("groups/<uuid:group_id>/sessions/new/", views.session_create, name="session_create"),
    path(
        "groups/<uuid:group_id>/sessions/<uuid:session_id>/", views.session_detail, name="session"
    ),
    path(
        "groups/<uuid:group_id>/sessions/<uuid:session_id>/edit/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "groups/<uuid:group_id>/sessions/<uuid:session_id>/delete/",
        views.session_delete,
        name="session_delete",
    ),
]
