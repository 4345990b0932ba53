"""Beat's stored schedules for operations, and the backup storage's configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_celery_beat.models import PeriodicTask

from ops.schedules import BACKUP_TASK, TICK_TASK, ensure_schedules

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_migrate_leaves_a_tick_every_minute_and_a_nightly_backup():
    tick = PeriodicTask.objects.get(task=TICK_TASK)
    assert (tick.interval.every, tick.interval.period) == (1, "minutes")
    backup = PeriodicTask.objects.get(task=BACKUP_TASK)
    assert (backup.crontab.minute, backup.crontab.hour) == ("30", "2")
    # The IT team's edits are kept: running again creates nothing and changes nothing.
    backup.crontab.hour = "4"
    backup.crontab.save()
    assert ensure_schedules() == []
    assert PeriodicTask.objects.get(task=BACKUP_TASK).crontab.hour == "4"


def _backups_backend(**variables):
    env = {**os.environ, **variables}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['backups']; print(type(s).__module__, getattr(s, 'bucket_name', ''))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_backups_go_to_a_folder_or_to_an_s3_bucket_by_configuration(tmp_path):
    assert _backups_backend(BACKUP_DIR=str(tmp_path)) == ["django.core.files.storage.filesystem"]
    assert _backups_backend(
        BACKUP_S3_BUCKET="pesnet-backups", BACKUP_S3_ENDPOINT_URL="https://s3.example.org"
    ) == ["storages.backends.s3", "pesnet-backups"]
