"""Backups that are proven to restore (`manage.py backup`, `manage.py restore`).

One archive (`pesnet-YYYY-MM-DD-HHMMSS.tar.gz`) holds everything the portal keeps:

- `database.dump`: `pg_dump --format=custom` of the whole database;
- `media/…` and `private/…`: the public and the members-only upload folders, read through
  Django's storage API (a local folder or an S3-compatible bucket alike);
- `manifest.json`: each table's row count (taken in pg_dump's own snapshot, so the counts are
  those of the dump) and each file's SHA-256, which `restore` checks.

Archives go to the `backups` storage (settings.STORAGES): BACKUP_DIR by default, a bucket when
BACKUP_S3_BUCKET is set. Each run is recorded as an `ops.Backup` row for the dashboard.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone
from psycopg import sql

from pesnet.errors import DomainError

from .models import Backup

FORMAT = 1
NAME = re.compile(r"^pesnet-(\d{4}-\d{2}-\d{2})-(\d{6})\.tar\.gz$")
# Upload folders in the archive, by storage alias.
FOLDERS = {"media": "default", "private": "private"}
CHUNK = 1024 * 1024


def backup_storage():
    return storages["backups"]


# --- Connecting to PostgreSQL --------------------------------------------------------------


def _params_of(settings_dict) -> dict:
    params = {"dbname": settings_dict["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if settings_dict.get(key):
            params[name] = settings_dict[key]
    if settings_dict.get("PORT"):
        params["port"] = str(settings_dict["PORT"])
    return params


def current_database() -> dict:
    """Connection parameters of the portal's own database (the test database in tests)."""
    return _params_of(connections["default"].settings_dict)


def database_from_url(url: str) -> dict:
    import environ

    return _params_of(environ.Env.db_url_config(url))


def _libpq_env(params: dict) -> dict:
    env = dict(os.environ)
    for name, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("dbname", "PGDATABASE"),
    ):
        if name in params:
            env[variable] = params[name]
    return env


def _run(command: list[str], params: dict) -> None:
    result = subprocess.run(command, env=_libpq_env(params), capture_output=True, text=True)
    if result.returncode != 0:
        raise DomainError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def user_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in user_tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.SQL(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


# --- Files -------------------------------------------------------------------------------


def _walk(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(directories):
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


def stored_files(alias: str):
    storage = storages[alias]
    location = getattr(storage, "location", None)
    if location is not None and not Path(location).exists():
        return  # a local folder nobody has uploaded into yet
    yield from _walk(storage)


class _HashingReader:
    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ------------------------------------------------------------------------------


def archive_name(at: datetime) -> str:
    return f"pesnet-{at.astimezone(UTC):%Y-%m-%d-%H%M%S}.tar.gz"


def _dump(params: dict, target: Path) -> dict[str, int]:
    """pg_dump, and the row counts of the very snapshot it dumps."""
    with psycopg.connect(**params, autocommit=False) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                params,
            )
            counts = row_counts(cursor)
        connection.rollback()
    return counts


def write_archive(target: Path, *, database: dict | None = None) -> dict:
    """Write the archive to `target`; returns its manifest."""
    database = database or current_database()
    with tempfile.TemporaryDirectory(prefix="pesnet-backup-") as work:
        dump = Path(work) / "database.dump"
        counts = _dump(database, dump)
        hashes = {}
        with tarfile.open(target, "w:gz", compresslevel=6) as archive:
            archive.add(dump, arcname="database.dump")
            for folder, alias in FOLDERS.items():
                storage = storages[alias]
                for name in stored_files(alias):
                    member = tarfile.TarInfo(f"{folder}/{name}")
                    member.size = storage.size(name)
                    member.mtime = int(storage.get_modified_time(name).timestamp())
                    with storage.open(name, "rb") as raw:
                        reader = _HashingReader(raw)
                        archive.addfile(member, reader)
                    hashes[member.name] = reader.sha256.hexdigest()
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": {"tables": counts},
                "files": hashes,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            member = tarfile.TarInfo("manifest.json")
            member.size = len(data)
            member.mtime = int(timezone.now().timestamp())
            archive.addfile(member, io.BytesIO(data))
    return manifest


def create_backup(*, by=None) -> Backup:
    """Make one archive in the backup storage and record it; a failure is recorded too.

    `by` is the operator who asked (None for beat); kept for the house's signature.
    """
    started = timezone.now()
    name = archive_name(started)
    try:
        with tempfile.TemporaryDirectory(prefix="pesnet-backup-") as work:
            local = Path(work) / name
            manifest = write_archive(local)
            with open(local, "rb") as handle:
                stored = backup_storage().save(name, File(handle, name=name))
            size = local.stat().st_size
    except Exception as error:
        Backup.objects.create(
            name=name,
            status=Backup.Status.FAILED,
            started_at=started,
            finished_at=timezone.now(),
            error=str(error)[:4000],
        )
        raise
    tables = manifest["database"]["tables"]
    return Backup.objects.create(
        name=stored,
        status=Backup.Status.SUCCEEDED,
        started_at=started,
        finished_at=timezone.now(),
        size=size,
        tables=len(tables),
        rows=sum(tables.values()),
        files=len(manifest["files"]),
    )


# --- Retention ---------------------------------------------------------------------------


def archives() -> list[str]:
    """The archives in the backup storage, newest first."""
    try:
        _, files = backup_storage().listdir("")
    except FileNotFoundError:
        return []
    return sorted((name for name in files if NAME.match(name)), reverse=True)


def _day(name: str) -> date:
    return date.fromisoformat(NAME.match(name).group(1))


def to_keep(names: list[str], *, daily: int, weekly: int) -> set[str]:
    """The newest archive of each of the last `daily` days that have one, and of each of the
    last `weekly` ISO weeks; everything else may go."""
    keep, days, weeks = set(), set(), set()
    for name in sorted(names, reverse=True):
        day = _day(name)
        week = day.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(name)
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep.add(name)
    return keep


def prune(*, by=None) -> list[str]:
    """Delete the archives beyond the retention (BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY)."""
    names = archives()
    keep = to_keep(names, daily=settings.BACKUP_KEEP_DAILY, weekly=settings.BACKUP_KEEP_WEEKLY)
    removed = [name for name in names if name not in keep]
    for name in removed:
        backup_storage().delete(name)
    return removed


def last_successful() -> Backup | None:
    return Backup.objects.filter(status=Backup.Status.SUCCEEDED).order_by("-finished_at").first()


# --- Restore -----------------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[str] = field(default_factory=list)


def _open_archive(archive: str):
    path = Path(archive)
    if path.exists():
        return open(path, "rb")
    if backup_storage().exists(archive):
        return backup_storage().open(archive, "rb")
    raise DomainError(f"No archive {archive} (neither a file nor in the backup storage).")


def _ensure_database(params: dict) -> None:
    try:
        psycopg.connect(**params, connect_timeout=5).close()
        return
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise DomainError(f"Cannot connect to the target database: {error}") from error
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(params["dbname"])))


def _folder_is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def _empty_folder(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def restore(
    archive: str,
    *,
    database_url: str,
    media_root: Path,
    private_root: Path,
    force: bool = False,
    by=None,
) -> RestoreReport:
    """Restore an archive into a database (created when missing) and two folders, then check
    every table's row count and every file's hash against the archive's manifest.

    Refuses a database with tables or a folder with files unless `force` (which replaces them).
    """
    params = database_from_url(database_url)
    folders = {"media": Path(media_root), "private": Path(private_root)}
    _ensure_database(params)
    with psycopg.connect(**params) as connection, connection.cursor() as cursor:
        existing = user_tables(cursor)
    occupied = [str(path) for path in folders.values() if not _folder_is_empty(path)]
    if not force and existing:
        raise DomainError(
            f"The database {params['dbname']} has {len(existing)} tables; "
            "restore into an empty one, or pass --force to replace them."
        )
    if not force and occupied:
        raise DomainError(
            f"Not empty: {', '.join(occupied)}; restore into empty folders, "
            "or pass --force to replace their contents."
        )
    with tempfile.TemporaryDirectory(prefix="pesnet-restore-") as work:
        work = Path(work)
        with _open_archive(archive) as handle, tarfile.open(fileobj=handle, mode="r:*") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise DomainError(f"Unknown archive format {manifest.get('format')}.")
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if force and existing:
            command += ["--clean", "--if-exists"]
        _run([*command, f"--dbname={params['dbname']}", str(work / "database.dump")], params)
        for folder, target in folders.items():
            target.mkdir(parents=True, exist_ok=True)
            if force:
                _empty_folder(target)
            source = work / folder
            if source.exists():
                shutil.copytree(source, target, dirs_exist_ok=True)
    return verify(manifest, params=params, folders=folders)


def verify(manifest: dict, *, params: dict, folders: dict[str, Path]) -> RestoreReport:
    report = RestoreReport()
    with psycopg.connect(**params) as connection, connection.cursor() as cursor:
        counts = row_counts(cursor)
    for table, expected in manifest["database"]["tables"].items():
        if counts.get(table) != expected:
            report.mismatches.append(f"{table}: {counts.get(table)} rows, expected {expected}")
    report.tables = len(counts)
    report.rows = sum(counts.values())
    for name, expected in manifest["files"].items():
        folder, _, relative = name.partition("/")
        path = folders[folder] / relative
        if not path.exists() or sha256_of(path) != expected:
            report.mismatches.append(f"{name}: missing or altered")
        else:
            report.files += 1
    return report
