import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from outbox import planning, sending
from outbox.kinds import get_kind, reminder_kinds
from outbox.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "Plan the reminders that are due and send every due e-mail of the outbox, now, in this "
        "process (what beat and the worker do on their schedules). --dry-run lists what would "
        "be queued and sent, and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, store and send nothing.")
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help="Only this reminder kind (repeatable). Default: every reminder kind.",
        )
        parser.add_argument(
            "--date", help="Plan as if today were this day (YYYY-MM-DD). Default: today."
        )
        parser.add_argument("--no-plan", action="store_true", help="Only send what is already due.")

    def handle(self, *args, dry_run=False, kinds=None, date=None, no_plan=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
            selected = [get_kind(name) for name in kinds] if kinds else reminder_kinds()
        except (ValueError, LookupError) as error:
            raise CommandError(str(error)) from error
        if any(not kind.is_reminder for kind in selected):
            raise CommandError("Only reminder kinds can be planned.")
        if dry_run:
            self._dry_run(selected, today, no_plan)
            return
        if not no_plan:
            for kind in selected:
                report = planning.plan_reminders(kind.name, today)
                self.stdout.write(f"Planned {report}")
        report = sending.send_due_messages()
        self.stdout.write(
            self.style.SUCCESS(
                "Sent {sent}, failed {failed}, to retry later {retry_later}, "
                "flagged for review {flagged_for_review}.".format(**report.as_dict())
            )
        )

    def _dry_run(self, selected, today, no_plan):
        new_keys = set()
        if not no_plan:
            for kind in selected:
                specs = planning.planned_specs(kind.name, today)
                existing = set(
                    OutboxMessage.objects.filter(
                        dedup_key__in=[spec.dedup_key for spec in specs]
                    ).values_list("dedup_key", flat=True)
                )
                for spec in specs:
                    if spec.dedup_key in existing:
                        continue
                    new_keys.add(spec.dedup_key)
                    self.stdout.write(
                        f"would queue  {spec.dedup_key:40} {spec.language}  {spec.to}"
                    )
                self.stdout.write(
                    f"{kind.name}: {len(specs) - len(existing)} to queue, "
                    f"{len(existing)} already planned"
                )
        due = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, due_at__lte=timezone.now()
        ).order_by("due_at", "id")
        count = 0
        for message in due.only("dedup_key", "language", "to"):
            count += 1
            self.stdout.write(
                f"would send   {message.dedup_key:40} {message.language}  {message.to}"
            )
        self.stdout.write(
            f"Dry run: {len(new_keys)} to queue, {count} already due to send; nothing changed."
        )
