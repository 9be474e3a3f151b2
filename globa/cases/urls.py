from django.urls import path

from globa.cases import views

app_name = "cases"
urlpatterns = [
    path("cases/", views.cases_list, name="list"),
    path("cases/new/", views.case_create, name="create"),
    path("cases/<str:case_id>/", views.case_detail, name="case"),
    path("cases/<str:case_id>/stage/", views.case_advance, name="advance"),
    path("cases/<str:case_id>/close/", views.case_close, name="close"),
    path("cases/<str:case_id>/case-manager/", views.case_reassign, name="reassign"),
    path("cases/<str:case_id>/children/new/", views.child_add, name="child_add"),
    path("cases/<str:case_id>/team/new/", views.member_add, name="member_add"),
    path("cases/<str:case_id>/goals/new/", views.goal_add, name="goal_add"),
    path("cases/<str:case_id>/actions/new/", views.action_add, name="action_add"),
    path("cases/<str:case_id>/conferences/new/", views.conference_add, name="conference_add"),
    path("cases/<str:case_id>/services/new/", views.service_add, name="service_add"),
    path(
        "cases/<str:case_id>/actions/<str:action_id>/done/", views.action_done, name="action_done"
    ),
]
