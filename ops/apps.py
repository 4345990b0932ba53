from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal for years: backups and their restore, the background's schedules."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from pesnet import schedules

        from . import metrics  # noqa: F401  (registers the backup and heartbeat gauges)
        from .models import BACKUPS, Backup
        from .schedules import ensure_schedules

        def bump(sender, **kwargs):
            BACKUPS.bump()

        post_save.connect(bump, sender=Backup, dispatch_uid="ops-backups-saved")
        post_delete.connect(bump, sender=Backup, dispatch_uid="ops-backups-deleted")
        schedules.connect(self, ensure_schedules)
