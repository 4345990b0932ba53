from django.db import models
from django.utils.translation import gettext_lazy as _

from pesnet.cache import Generation

# Pages that show the last backup (the secretariat's dashboard) are cached under it.
BACKUPS = Generation("ops:backups")


class Backup(models.Model):
    """One run of `manage.py backup`: what it wrote, or why it failed."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("archive"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    tables = models.PositiveIntegerField(_("tables"), default=0)
    rows = models.BigIntegerField(_("rows"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        indexes = [models.Index(fields=["status", "-finished_at"], name="ops_backup_status_idx")]

    def __str__(self):
        return self.name or f"{self.started_at:%Y-%m-%d %H:%M}"
