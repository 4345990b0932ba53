from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = _("Work plan")

    def ready(self):
        from . import meeting_links, rules  # noqa: F401  (registers the app's rules with pesnet.roles)

        meeting_links.register()  # a training's work-plan activity (meetings.links)
        from . import home

        home.register()  # the home page's plan progress and "what needs you"
