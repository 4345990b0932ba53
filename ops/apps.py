from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal for years: backups and their restore, the background's schedules."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from . import metrics  # noqa: F401  (registers the backup and heartbeat gauges)
        from .schedules import ensure_schedules_after_migrate

        post_migrate.connect(
            ensure_schedules_after_migrate, sender=self, dispatch_uid="ops-schedules"
        )
