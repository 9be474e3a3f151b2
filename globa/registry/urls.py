from django.urls import path

from globa.registry import views

app_name = "registry"

urlpatterns = [
    path("children/", views.children_list, name="children"),
    path("children/new/", views.child_create, name="child_create"),
    path("children/<str:child_id>/", views.child_detail, name="child"),
    path("children/<str:child_id>/edit/", views.child_edit, name="child_edit"),
    path("children/<str:child_id>/relatives/new/", views.relative_create, name="relative_create"),
    path("children/<str:child_id>/placements/new/", views.placement_start, name="placement_start"),
    path("placements/<str:placement_id>/end/", views.placement_end, name="placement_end"),
    path("households/", views.households_list, name="households"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<str:household_id>/", views.household_detail, name="household"),
    path("households/<str:household_id>/edit/", views.household_edit, name="household_edit"),
    path(
        "households/<str:household_id>/adults/new/",
        views.household_adult_create,
        name="household_adult_create",
    ),
    path(
        "households/<str:household_id>/own-children/new/",
        views.household_own_child_create,
        name="household_own_child_create",
    ),
    path(
        "households/<str:household_id>/coordinator/",
        views.household_coordinator,
        name="household_coordinator",
    ),
]
