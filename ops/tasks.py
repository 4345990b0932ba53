from celery import shared_task


@shared_task(name="ops.backup", ignore_result=True)
def backup() -> None:
    """Nightly: one archive, then the archives beyond the retention are removed."""
    from . import backups

    backups.create_backup(by=None)
    backups.prune(by=None)
