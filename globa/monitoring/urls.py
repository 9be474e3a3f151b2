from django.urls import path

from globa.monitoring import views

app_name = "monitoring"

urlpatterns = [
    # Public, no login: the national figures (they replace the on-call figures page).
    path("figures/", views.public, name="public"),
    path("figures/data.csv", views.open_data, name="open_data"),
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
        "monitoring/transformation/<int:plan_id>/",
        views.transformation_plan,
        name="transformation_plan",
    ),
    path(
        "monitoring/transformation/<int:plan_id>/change/",
        views.transformation_update,
        name="transformation_update",
    ),
    path(
        "monitoring/transformation/<int:plan_id>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "monitoring/transformation/<int:plan_id>/milestones/<int:milestone_id>/",
        views.milestone_update,
        name="milestone_update",
    ),
    path(
        "monitoring/transformation/<int:plan_id>/residents/new/",
        views.residents_create,
        name="residents_create",
    ),
    path("monitoring/<str:level>/<int:area_id>/", views.dashboard, name="dashboard"),
    path("monitoring/<str:level>/<int:area_id>/export/", views.export_create, name="export_create"),
]
