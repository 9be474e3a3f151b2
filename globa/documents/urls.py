from django.urls import path

from globa.documents import views

app_name = "documents"
urlpatterns = [
    path("children/<str:child_id>/documents/", views.documents, {"field": "child"}, name="child"),
    path(
        "households/<str:household_id>/documents/",
        views.documents,
        {"field": "household"},
        name="household",
    ),
    path(
        "placements/<str:placement_id>/documents/",
        views.documents,
        {"field": "placement"},
        name="placement",
    ),
    path("cases/<str:case_id>/documents/", views.documents, {"field": "family_case"}, name="case"),
    path(
        "carers/on-call/<str:household_id>/contracts/<str:contract_id>/documents/",
        views.documents,
        {"field": "contract"},
        name="contract",
    ),
    path(
        "assessments/<str:assessment_id>/documents/",
        views.documents,
        {"field": "assessment"},
        name="assessment",
    ),
    path("plans/<str:plan_id>/documents/", views.documents, {"field": "plan"}, name="plan"),
    path("documents/<str:document_id>/", views.download, name="download"),
    path("documents/<str:document_id>/remove/", views.remove, name="remove"),
]
