from datetime import timedelta

from django import template
from django.conf import settings
from django.utils import timezone

from ..backups import last_successful

register = template.Library()


@register.inclusion_tag("ops/backup_status.html")
def backup_status():
    """The last successful backup, for the secretariat's dashboard."""
    last = last_successful()
    limit = timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    return {"backup": last, "stale": last is None or timezone.now() - last.finished_at > limit}
