from django.core.management.base import BaseCommand
from django.db import transaction

from governance.services import erase_expired_personal_data, retention_cutoff


class Command(BaseCommand):
    help = (
        "Erase the phone numbers and e-mail of withdrawn and superseded focal points whose term "
        "ended more than the retention period ago, from their records and history."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            erased = erase_expired_personal_data()
        self.stdout.write(
            f"Terms ended on or before {retention_cutoff():%Y-%m-%d}: "
            f"{len(erased)} record(s) erased."
        )
