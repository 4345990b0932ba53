from django.core.management.base import BaseCommand

from outbox.schedules import ensure_schedules


class Command(BaseCommand):
    help = (
        "Create the missing beat schedules of the outbox (the sender, one per reminder kind) in "
        "the database. Idempotent: schedules that exist, edited or not, are left as they are."
    )

    def handle(self, *args, **options):
        created = ensure_schedules()
        for name in created:
            self.stdout.write(f"Created schedule: {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} schedule(s) created."))
