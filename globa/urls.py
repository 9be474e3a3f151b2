from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The administration speaks the interface's language under Globa's name.
admin.site.site_header = _("Globa administration")
admin.site.site_title = _("Globa administration")
admin.site.index_title = _("Reference data, organisations and accounts")

urlpatterns = [
    path("", include("globa.home.urls")),
    path("", include("globa.registry.urls")),
    path("", include("globa.support.urls")),
    path("", include("globa.cases.urls")),
    path("", include("globa.reminders.urls")),
    path("", include("globa.notifications.urls")),
    # On-call care and training first: their paths are under carers/, where the journey's
    # carers/<id>/ would otherwise take them.
    path("", include("globa.oncall.urls")),
    path("", include("globa.training.urls")),
    path("", include("globa.carers.urls")),
    path("", include("globa.assessments.urls")),
    path("", include("globa.plans.urls")),
    path("", include("globa.accounts.urls")),
    path("", include("globa.api.urls")),
    path("", include("globa.documents.urls")),
    path("", include("globa.imports.urls")),
    path("", include("globa.retention.urls")),
    path("", include("globa.monitoring.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = "globa.home.views.not_found"
handler403 = "globa.home.views.forbidden"
handler500 = "globa.home.views.server_error"
