from django.urls import path

from globa.oncall import views

app_name = "oncall"
urlpatterns = [
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
    path("carers/match/", views.match, name="match"),
    path("carers/match/requests/", views.requests_list, name="requests"),
    path("carers/match/requests/new/", views.request_send, name="request_send"),
    path("carers/match/requests/<str:request_id>/", views.request_detail, name="request"),
    path("carers/match/night/", views.night, name="night"),
]
