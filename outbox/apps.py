from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import home, metrics, rules  # noqa: F401  (the /metrics gauges, the outbox.* rules)
        from .schedules import ensure_schedules_after_migrate

        # Each app declares its reminder kinds in its own reminders.py (see outbox.kinds).
        autodiscover_modules("reminders")
        home.register()  # the secretariat's "what needs you" on the home page
        post_migrate.connect(
            ensure_schedules_after_migrate, sender=self, dispatch_uid="outbox-schedules"
        )
