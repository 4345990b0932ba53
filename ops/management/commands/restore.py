from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops import backups
from pesnet.errors import DomainError


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty database (created if missing) "
        "and empty upload folders, then check every table's rows and every file's hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A path, or an archive's name in the backup storage.")
        parser.add_argument("--database-url", required=True, help="postgres://… of the target.")
        parser.add_argument("--media-root", default=str(settings.MEDIA_ROOT))
        parser.add_argument("--private-root", default=str(settings.PRIVATE_MEDIA_ROOT))
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the target database and folders already hold.",
        )

    def handle(self, *args, archive, database_url, media_root, private_root, force, **options):
        try:
            report = backups.restore(
                archive,
                database_url=database_url,
                media_root=Path(media_root),
                private_root=Path(private_root),
                force=force,
                by=None,
            )
        except DomainError as error:
            raise CommandError(" ".join(error.messages)) from error
        for mismatch in report.mismatches:
            self.stderr.write(mismatch)
        if report.mismatches:
            raise CommandError(f"{len(report.mismatches)} differences from the archive.")
        self.stdout.write(
            f"Restored {report.tables} tables, {report.rows} rows, {report.files} files; "
            "all match the archive."
        )
