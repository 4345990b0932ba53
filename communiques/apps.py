from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommuniquesConfig(AppConfig):
    name = "communiques"
    verbose_name = _("Communiqués and Rules of Procedure")

    def ready(self):
        from workplan.communique_links import register_paragraph_source

        from . import home, rules  # noqa: F401  (registers the app's rules with pesnet.roles)
        from .selectors import paragraphs_calling_for

        register_paragraph_source(paragraphs_calling_for)
        home.register()  # the home page's latest communiqué and "what needs you"
