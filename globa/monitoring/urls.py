from django.urls import path

from globa.monitoring import contract_views, review_views, survey_views, views

app_name = "monitoring"

urlpatterns = [
    # Public, no login: the national figures (they replace the on-call figures page).
    path("figures/", views.public, name="public"),
    path("figures/data.csv", views.open_data, name="open_data"),
    # Public, no login: the carer satisfaction survey, opened by an anonymous link.
    path("survey/<str:token>/", survey_views.answer, name="survey_answer"),
    path("monitoring/surveys/", survey_views.rounds, name="surveys"),
    path("monitoring/surveys/new/", survey_views.round_create, name="survey_create"),
    path("monitoring/surveys/<int:round_id>/", survey_views.round_detail, name="survey"),
    path("monitoring/surveys/<int:round_id>/print/", survey_views.round_print, name="survey_print"),
    path("monitoring/surveys/<int:round_id>/links/", survey_views.round_links, name="survey_links"),
    path("monitoring/surveys/<int:round_id>/close/", survey_views.round_close, name="survey_close"),
    path("monitoring/surveys/<int:round_id>/email/", survey_views.round_email, name="survey_email"),
    path("monitoring/", views.index, name="index"),
    path("monitoring/country/", views.dashboard, name="country"),
    path("monitoring/country/export/", views.export_create, name="country_export"),
    path("monitoring/exports/<str:export_id>/", views.export, name="export"),
    path("monitoring/exports/<str:export_id>/file/", views.export_file, name="export_file"),
    path("monitoring/transformation/", views.transformation_list, name="transformation"),
    path(
        "monitoring/transformation/new/", views.transformation_create, name="transformation_create"
    ),
    path(
        "monitoring/transformation/<int:transformation_id>/",
        views.transformation_plan,
        name="transformation_plan",
    ),
    path(
        "monitoring/transformation/<int:transformation_id>/change/",
        views.transformation_update,
        name="transformation_update",
    ),
    path(
        "monitoring/transformation/<int:transformation_id>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "monitoring/transformation/<int:transformation_id>/milestones/<int:milestone_id>/",
        views.milestone_update,
        name="milestone_update",
    ),
    path(
        "monitoring/transformation/<int:transformation_id>/residents/new/",
        views.residents_create,
        name="residents_create",
    ),
    path(
        "monitoring/municipality/<int:area_id>/contracts/",
        contract_views.contract_list,
        name="contracts",
    ),
    path(
        "monitoring/municipality/<int:area_id>/contracts/new/",
        contract_views.contract_create,
        name="contract_create",
    ),
    path(
        "monitoring/municipality/<int:area_id>/contracts/<int:contract_id>/",
        contract_views.contract_edit,
        name="contract_edit",
    ),
    path(
        "monitoring/municipality/<int:area_id>/contracts/<int:contract_id>/end/",
        contract_views.contract_end,
        name="contract_end",
    ),
    path("monitoring/reviews/", review_views.reviews, name="reviews"),
    path("monitoring/reviews/overdue/", review_views.review_overdue, name="review_overdue"),
    path("monitoring/reviews/new/", review_views.review_create, name="review_create"),
    path("monitoring/reviews/<int:visit_id>/", review_views.review_visit, name="review_visit"),
    path(
        "monitoring/reviews/<int:visit_id>/change/",
        review_views.review_update,
        name="review_update",
    ),
    path(
        "monitoring/reviews/<int:visit_id>/findings/new/",
        review_views.finding_create,
        name="finding_create",
    ),
    path(
        "monitoring/reviews/<int:visit_id>/actions/new/",
        review_views.action_create,
        name="action_create",
    ),
    path(
        "monitoring/reviews/<int:visit_id>/actions/<int:action_id>/",
        review_views.action_update,
        name="action_update",
    ),
    path(
        "monitoring/reviews/<int:visit_id>/actions/<int:action_id>/done/",
        review_views.action_done,
        name="action_done",
    ),
    path(
        "monitoring/reviews/<int:visit_id>/actions/<int:action_id>/reopen/",
        review_views.action_reopen,
        name="action_reopen",
    ),
    path(
        "monitoring/centre/<int:centre_id>/quality/",
        review_views.centre_quality,
        name="centre_quality",
    ),
    path("monitoring/<str:level>/<int:area_id>/", views.dashboard, name="dashboard"),
    path("monitoring/<str:level>/<int:area_id>/export/", views.export_create, name="export_create"),
]
