from django.urls import path

from globa.carers import views

app_name = "carers"
urlpatterns = [
    # Public, no login.
    path("centres/", views.centre_directory, name="centres"),
    path("centres/<uuid:centre_uuid>/", views.centre_page, name="centre"),
    path("become-a-carer/", views.become_a_carer, name="inquiry"),
    path("become-a-carer/sent/", views.inquiry_sent, name="inquiry_sent"),
    path("figures/", views.figures, name="figures"),
    # Centre staff.
    path("carers/", views.pipeline, name="pipeline"),
    path("carers/new/", views.candidate_add, name="candidate_add"),
    path("carers/funnel/", views.funnel, name="funnel"),
    path("carers/settings/", views.pipeline_settings, name="settings"),
    path("carers/on-call/", views.on_call_network, name="on_call"),
    path("carers/on-call/<str:household_id>/", views.on_call_carer, name="on_call_carer"),
    path(
        "carers/on-call/<str:household_id>/contracts/new/",
        views.contract_add,
        name="contract_add",
    ),
    path(
        "carers/on-call/<str:household_id>/contracts/<str:contract_id>/end/",
        views.contract_end,
        name="contract_end",
    ),
    path(
        "carers/on-call/<str:household_id>/contracts/<str:contract_id>/respite/",
        views.respite_add,
        name="respite_add",
    ),
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
        "carers/training/<str:group_id>/participants/<str:participant_id>/certificate/",
        views.certificate_add,
        name="certificate_add",
    ),
    path("carers/match/", views.match, name="match"),
    path("carers/match/night/", views.night, name="night"),
    path("carers/<str:candidate_id>/", views.candidate_detail, name="candidate"),
    path("carers/<str:candidate_id>/move/", views.candidate_move, name="move"),
    path(
        "carers/<str:candidate_id>/household/",
        views.candidate_household,
        name="candidate_household",
    ),
]
