from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from globa.api import routes, views

router = DefaultRouter(trailing_slash=True)
# One address per resource: the format is chosen by the Accept header, not a ".json" suffix.
router.include_format_suffixes = False
for prefix, viewset, name in routes.ROUTES:
    router.register(prefix, viewset, basename=name)

app_name = "api"
urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("api/v1/", include(router.urls)),
    path("api-clients/", views.clients, name="clients"),
    path("api-clients/new/", views.client_new, name="client_new"),
    path("api-clients/<str:client_id>/", views.client, name="client"),
    path("api-clients/<str:client_id>/tokens/", views.token_new, name="token_new"),
    path(
        "api-clients/<str:client_id>/tokens/<str:token_id>/revoke/",
        views.token_revoke,
        name="token_revoke",
    ),
    path("api-clients/<str:client_id>/revoke/", views.client_revoke, name="client_revoke"),
]
