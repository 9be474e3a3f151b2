from django.urls import path

from globa.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.imports, name="list"),
    path("imports/template.xlsx", views.template, name="template"),
    path("imports/<str:batch_id>/", views.detail, name="detail"),
    path("imports/<str:batch_id>/report.xlsx", views.report, name="report"),
    path("imports/<str:batch_id>/decide/", views.decide, name="decide"),
    path("imports/<str:batch_id>/save/", views.commit, name="commit"),
    path("imports/<str:batch_id>/cancel/", views.cancel, name="cancel"),
]
