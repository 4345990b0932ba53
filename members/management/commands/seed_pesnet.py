from django.core.management.base import BaseCommand

from members.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the network's reference data (member states, organisations, chair). Idempotent."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data loaded: {member_states} member states, "
                "{organisations} organisations, {chair_terms} chair term(s).".format(**counts)
            )
        )
