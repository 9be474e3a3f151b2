from django.urls import path

from globa.training import views

app_name = "training"
urlpatterns = [
    path("carers/training/", views.training_list, name="training"),
    path("carers/training/<str:group_id>/", views.training_group, name="training_group"),
    path("carers/training/<str:group_id>/trainers/", views.trainer_add, name="trainer_add"),
    path(
        "carers/training/<str:group_id>/participants/",
        views.participant_add,
        name="participant_add",
    ),
    path("carers/training/<str:group_id>/sessions/", views.session_add, name="session_add"),
    path(
        "carers/training/<str:group_id>/sessions/<str:session_id>/",
        views.session_change,
        name="session_change",
    ),
    path(
        "carers/training/<str:group_id>/sessions/<str:session_id>/delete/",
        views.session_delete,
        name="session_delete",
    ),
    path(
        "carers/training/<str:group_id>/participants/<str:participant_id>/certificate/",
        views.certificate_add,
        name="certificate_add",
    ),
]
