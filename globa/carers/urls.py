from django.urls import path

from globa.carers import views

app_name = "carers"
urlpatterns = [
    # Public, no login.
    path("centres/", views.centre_directory, name="centres"),
    path("centres/<uuid:centre_uuid>/", views.centre_page, name="centre"),
    path("become-a-carer/", views.become_a_carer, name="inquiry"),
    path("become-a-carer/sent/", views.inquiry_sent, name="inquiry_sent"),
    # Centre staff. The on-call network (carers/on-call/, carers/match/) and GIMK training
    # (carers/training/) live under the same prefix, in their own apps; globa/urls.py lists
    # them first, before a person's page (carers/<id>/) could take their paths.
    path("carers/", views.pipeline, name="pipeline"),
    path("carers/new/", views.candidate_add, name="candidate_add"),
    path("carers/funnel/", views.funnel, name="funnel"),
    path("carers/settings/", views.pipeline_settings, name="settings"),
    path("carers/<str:candidate_id>/", views.candidate_detail, name="candidate"),
    path("carers/<str:candidate_id>/move/", views.candidate_move, name="move"),
    path(
        "carers/<str:candidate_id>/household/",
        views.candidate_household,
        name="candidate_household",
    ),
]
