from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from pesnet import schedules

        from . import home, metrics, rules  # noqa: F401  (the /metrics gauges, the outbox.* rules)
        from .schedules import ensure_schedules

        # Each app declares its reminder kinds in its own reminders.py (see outbox.kinds).
        autodiscover_modules("reminders")
        home.register()  # the secretariat's "what needs you" on the home page
        schedules.connect(self, ensure_schedules)
