from django.urls import path

from globa.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/new/child/<str:child_id>/", views.start_child, name="start_child"),
    path("plans/new/staff/<str:staff_id>/", views.start_staff, name="start_staff"),
    path("plans/goals/<str:assessment_id>/", views.goals_accept, name="goals_accept"),
    path("plans/case/<str:case_id>/pdf/", views.case_plan_pdf, name="case_pdf"),
    path("plans/<str:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<str:plan_id>/pdf/", views.plan_pdf, name="pdf"),
    path("plans/<str:plan_id>/goals/new/", views.goal_add, name="goal_add"),
    path("plans/<str:plan_id>/actions/new/", views.action_add, name="action_add"),
    path(
        "plans/<str:plan_id>/actions/<str:action_id>/done/", views.action_done, name="action_done"
    ),
    path(
        "plans/<str:plan_id>/actions/<str:action_id>/service/",
        views.service_add,
        name="service_add",
    ),
    path(
        "plans/<str:plan_id>/actions/<str:action_id>/training/",
        views.training_enrol,
        name="training_enrol",
    ),
    path("plans/<str:plan_id>/reviews/new/", views.review_add, name="review_add"),
    path("plans/<str:plan_id>/close/", views.plan_close, name="close"),
]
