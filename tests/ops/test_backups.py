"""A backup of a seeded portal restores into a new database and folders with nothing lost."""

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from members.demo import demo_letter_pdf
from ops import backups
from ops.models import Backup
from pesnet.roles import CHAIR, SECRETARIAT

ROOT = Path(__file__).resolve().parents[2]
# Tables whose every row is compared by checksum, beyond the row counts of all tables.
CHECKSUMMED = {
    "focal points": "members_focalpoint",
    "outbox": "outbox_outboxmessage",
    "communiqués": "communiques_communique",
    "communiqué paragraphs": "communiques_paragraph",
}


def _params(name=None):
    params = backups.current_database()
    return {**params, "dbname": name} if name else params


def _url(params):
    auth = params.get("user", "")
    if params.get("password"):
        auth += f":{params['password']}"
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    return f"postgres://{auth}@{host}:{port}/{params['dbname']}"


def _drop(name):
    with psycopg.connect(**_params("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _table_rows(params) -> dict[str, int]:
    with psycopg.connect(**params) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def _checksums(params) -> dict[str, str]:
    with psycopg.connect(**params) as connection:
        return {
            label: connection.execute(
                sql.SQL(
                    "SELECT count(*), "
                    "md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(table))
            ).fetchone()
            for label, table in CHECKSUMMED.items()
        }


def _file_hashes(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "backups", "base_url": None},
        },
    }
    return tmp_path / "backups"


@pytest.fixture
def seeded_portal(transactional_db, settings):
    """The demo portal, with an uploaded nomination letter and progress evidence, committed
    (pg_dump reads from its own connection)."""
    from workplan.models import EvidenceFile, ProgressReport

    settings.DEBUG = True  # seed_demo refuses to run in production
    # A transactional test before this one flushed the groups that a data migration made.
    for role in (SECRETARIAT, CHAIR):
        Group.objects.get_or_create(name=role)
    call_command("seed_pesnet", verbosity=0)
    call_command("seed_demo", password="pesnet-demo-2026", verbosity=0)
    from members.models import FocalPoint

    focal_point = FocalPoint.objects.filter(nomination_letter="").first()
    focal_point.nomination_letter.save(
        "letter.pdf", ContentFile(demo_letter_pdf("Backup test: nomination letter"))
    )
    report = ProgressReport.objects.first()
    evidence = demo_letter_pdf("Backup test: progress evidence")
    EvidenceFile.objects.create(
        report=report,
        file=ContentFile(evidence, name="evidence.pdf"),
        original_name="evidence.pdf",
        content_type="application/pdf",
        size=len(evidence),
    )
    storages["default"].save("backup-test/public-agenda.pdf", ContentFile(evidence))
    yield


def _restore_target(tmp_path, suffix):
    name = f"{_params()['dbname']}_{suffix}"
    _drop(name)
    return name, tmp_path / f"{suffix}-media", tmp_path / f"{suffix}-private"


def test_a_backup_restores_every_row_and_file(seeded_portal, backup_dir, tmp_path):
    rows_before = _table_rows(_params())
    checksums_before = _checksums(_params())
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    files_before = {"media": _file_hashes(media), "private": _file_hashes(private)}
    assert any(name.startswith("nominations/") for name in files_before["private"])
    assert any(name.startswith("workplan/evidence/") for name in files_before["private"])

    call_command("backup", verbosity=0)
    backup = Backup.objects.get()
    assert backup.status == Backup.Status.SUCCEEDED
    assert (backup_dir / backup.name).exists()
    assert backups.NAME.match(backup.name)

    name, media_target, private_target = _restore_target(tmp_path, "restored")
    try:
        call_command(
            "restore",
            backup.name,  # by its name in the backup storage
            database_url=_url(_params(name)),
            media_root=str(media_target),
            private_root=str(private_target),
        )
        rows_after = _table_rows(_params(name))
        assert rows_after == rows_before  # every table, every row (the Backup row came after)
        assert _checksums(_params(name)) == checksums_before
        files_after = {"media": _file_hashes(media_target), "private": _file_hashes(private_target)}
        assert files_after == files_before

        # A second restore into the same, now full, database and folders is refused...
        with pytest.raises(CommandError, match="has .* tables"):
            call_command(
                "restore",
                str(backup_dir / backup.name),
                database_url=_url(_params(name)),
                media_root=str(media_target),
                private_root=str(private_target),
            )
        # ...unless forced, which gives back the same again.
        call_command(
            "restore",
            str(backup_dir / backup.name),
            database_url=_url(_params(name)),
            media_root=str(media_target),
            private_root=str(private_target),
            force=True,
        )
        assert _table_rows(_params(name)) == rows_before
    finally:
        _drop(name)

    figures = {
        "tables": len(rows_before),
        "rows": sum(rows_before.values()),
        "files": sum(len(files) for files in files_before.values()),
        "bytes": backup.size,
        "checksummed": {label: count for label, (count, _) in checksums_before.items()},
    }
    print("\nrestore comparison:", json.dumps(figures))
    results = ROOT / "bench" / "results"
    if results.is_dir():
        (results / "restore.json").write_text(json.dumps(figures, indent=1) + "\n")


def test_restore_refuses_a_folder_with_files(seeded_portal, backup_dir, tmp_path):
    backup = backups.create_backup(by=None)
    name, media_target, private_target = _restore_target(tmp_path, "occupied")
    private_target.mkdir(parents=True)
    (private_target / "something.txt").write_text("kept")
    try:
        with pytest.raises(CommandError, match="Not empty"):
            call_command(
                "restore",
                backup.name,
                database_url=_url(_params(name)),
                media_root=str(media_target),
                private_root=str(private_target),
            )
        assert (private_target / "something.txt").read_text() == "kept"
    finally:
        _drop(name)


def test_migrations_go_back_one_step_and_forward_again_on_the_demo_data(
    seeded_portal, backup_dir, tmp_path
):
    """Each app of the project is migrated back to its previous migration and forward again
    on a copy of the seeded portal; the demo data is still all there."""
    rows_before = _table_rows(_params())
    backup = backups.create_backup(by=None)
    name, media_target, private_target = _restore_target(tmp_path, "migrations")
    try:
        call_command(
            "restore",
            backup.name,
            database_url=_url(_params(name)),
            media_root=str(media_target),
            private_root=str(private_target),
        )
        # -c puts the project on sys.path as manage.py does.
        script = "import runpy; runpy.run_path('tests/ops/migrate_roundtrip.py')"
        env = {
            **os.environ,
            "DATABASE_URL": _url(_params(name)),
            "DJANGO_SETTINGS_MODULE": "pesnet.settings",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        print("\nmigration round trip:", json.dumps(outcome["steps"]))
        assert {app for app, *_ in outcome["steps"]} >= {"members", "meetings", "workplan"}
        rows_after = _table_rows(_params(name))
        assert set(rows_after) == set(rows_before)
        kept = set(rows_before) - set(outcome["dropped"])
        assert {t: rows_after[t] for t in kept} == {t: rows_before[t] for t in kept}
    finally:
        _drop(name)


def test_retention_keeps_14_daily_and_8_weekly_archives():
    start = datetime(2026, 1, 1, 2, 30, tzinfo=UTC)
    names = [backups.archive_name(start + timedelta(days=day)) for day in range(120)]
    names += [backups.archive_name(start + timedelta(days=119, hours=1))]  # twice on the last day
    keep = backups.to_keep(names, daily=14, weekly=8)
    newest = sorted(names)[-1]
    assert newest in keep
    days = {backups._day(name) for name in keep}
    assert len([name for name in keep if backups._day(name) == backups._day(newest)]) == 1
    last_14 = {(start + timedelta(days=119 - n)).date() for n in range(14)}
    assert last_14 <= days
    weeks = {day.isocalendar()[:2] for day in days}
    assert len(weeks) == 8
    assert len(keep) < 14 + 8


def test_prune_deletes_what_the_retention_does_not_keep(backup_dir, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY = 2, 1
    backup_dir.mkdir()
    start = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # a Monday
    for day in range(5):
        (backup_dir / backups.archive_name(start + timedelta(days=day))).write_bytes(b"x")
    (backup_dir / "notes.txt").write_text("not an archive: never touched")
    removed = backups.prune(by=None)
    assert sorted(removed) == sorted(
        backups.archive_name(start + timedelta(days=day)) for day in range(3)
    )
    assert sorted(path.name for path in backup_dir.iterdir()) == [
        "notes.txt",
        *sorted(backups.archive_name(start + timedelta(days=day)) for day in (3, 4)),
    ]


@pytest.mark.django_db
def test_the_dashboard_shows_the_last_backup_and_warns_when_it_is_old(client, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("members:dashboard")
    page = client.get(url).content.decode()
    assert "No successful backup has been recorded." in page
    assert "Backups are overdue" in page

    now = timezone.now()
    Backup.objects.create(
        name="pesnet-old.tar.gz",
        status=Backup.Status.SUCCEEDED,
        started_at=now - timedelta(days=3),
        finished_at=now - timedelta(days=3),
    )
    Backup.objects.create(  # a later failure does not count as a backup
        name="pesnet-failed.tar.gz",
        status=Backup.Status.FAILED,
        started_at=now - timedelta(hours=1),
        finished_at=now - timedelta(hours=1),
    )
    page = client.get(url).content.decode()
    assert "Last successful backup" in page and "3\xa0days" in page
    assert "Backups are overdue" in page

    Backup.objects.create(
        name="pesnet-new.tar.gz",
        status=Backup.Status.SUCCEEDED,
        started_at=now - timedelta(hours=5),
        finished_at=now - timedelta(hours=5),
    )
    page = client.get(url).content.decode()
    assert "5\xa0hours" in page
    assert "Backups are overdue" not in page
