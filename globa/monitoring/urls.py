from django.urls import path

from globa.monitoring import contract_views, views

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
    path("monitoring/<str:level>/<int:area_id>/", views.dashboard, name="dashboard"),
    path("monitoring/<str:level>/<int:area_id>/export/", views.export_create, name="export_create"),
]
