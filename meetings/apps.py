from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from . import home, rules  # noqa: F401  (registers the meetings.* rules)

        home.register()  # the home page's next meeting and "what needs you"
