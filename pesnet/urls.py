from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import metrics, views

# The admin signs in through allauth, so it gets the same rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("OIC-PESNET portal administration")
admin.site.site_title = _("OIC-PESNET portal")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    # The open-data API answers in every language at once: no language prefix.
    path("api/v1/", include("api.routes")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, for one).
    path("favicon.ico", views.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Under the language prefix, so that set_language resolves the page it was sent from in
    # that page's language and redirects to the same page in the new one.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("communiques.urls")),
    path("members/", include("members.urls")),
    path("outbox/", include("outbox.urls")),
    path("workplan/", include("workplan.urls")),
    path("meetings/", include("meetings.urls")),
    path("", include("search.urls")),
    path("api/tokens/", include("api.urls")),
    path("", include("governance.urls")),
    prefix_default_language=True,
)
