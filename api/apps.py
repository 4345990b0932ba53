from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open data API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import registry

        from . import caching, rules  # noqa: F401  (rules register themselves)

        # Everything the public API shows is also indexed for search: a change anywhere that
        # refreshed the index makes the API's cached answers stale.
        registry.on_change(caching.PUBLIC_DATA.bump)
