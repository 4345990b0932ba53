from django.core.management.base import BaseCommand, CommandError

from ops import backups
from pesnet.errors import DomainError


class Command(BaseCommand):
    help = (
        "Write one archive of the database (pg_dump, custom format) and both upload folders "
        "to the backup storage (BACKUP_DIR or the S3 bucket), then prune old archives."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-prune", action="store_true", help="Keep every older archive this time."
        )

    def handle(self, *args, no_prune=False, **options):
        try:
            backup = backups.create_backup(by=None)
        except DomainError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{backup.name}: {backup.tables} tables, {backup.rows} rows, {backup.files} files, "
            f"{backup.size} bytes"
        )
        if not no_prune:
            for name in backups.prune(by=None):
                self.stdout.write(f"removed {name}")
