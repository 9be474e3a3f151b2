from django.urls import path

from globa.assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessments_list, name="list"),
    path("assessments/instruments/", views.instruments, name="instruments"),
    path("assessments/instruments/<slug:code>/<int:number>/", views.instrument, name="instrument"),
    path("assessments/new/family/<str:case_id>/", views.start_family, name="start_family"),
    path("assessments/new/child/<str:child_id>/", views.start_child, name="start_child"),
    path("assessments/new/carer/<str:candidate_id>/", views.start_carer, name="start_carer"),
    path(
        "assessments/new/household/<str:household_id>/",
        views.start_household,
        name="start_household",
    ),
    path("assessments/new/staff/<str:staff_id>/", views.start_staff, name="start_staff"),
    path("assessments/staff/<str:staff_id>/", views.staff_member, name="staff"),
    path("assessments/of/family/<str:case_id>/", views.of_family, name="of_family"),
    path("assessments/of/child/<str:child_id>/", views.of_child, name="of_child"),
    path(
        "assessments/of/household/<str:household_id>/",
        views.of_household,
        name="of_household",
    ),
    path("assessments/<str:assessment_id>/", views.assessment_detail, name="assessment"),
    path(
        "assessments/<str:assessment_id>/domains/<slug:domain>/",
        views.domain_form,
        name="domain",
    ),
    path(
        "assessments/<str:assessment_id>/informants/",
        views.informant_add,
        name="informant_add",
    ),
    path("assessments/<str:assessment_id>/complete/", views.complete, name="complete"),
    path("assessments/<str:assessment_id>/decide/", views.decide, name="decide"),
    path("assessments/<str:assessment_id>/amend/", views.amend, name="amend"),
    path("assessments/<str:assessment_id>/discard/", views.discard, name="discard"),
]
