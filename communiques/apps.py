from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommuniquesConfig(AppConfig):
    name = "communiques"
    verbose_name = _("Communiqués and Rules of Procedure")

    def ready(self):
        from . import home, rules  # noqa: F401  (registers the app's rules with pesnet.roles)

        home.register()  # the home page's latest communiqué and "what needs you"
