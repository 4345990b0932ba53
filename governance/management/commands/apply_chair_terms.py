from django.core.management.base import BaseCommand

from governance.services import apply_chair_terms


class Command(BaseCommand):
    help = "Give the chair role to the accounts of the institution whose term runs today."

    def handle(self, *args, **options):
        result = apply_chair_terms()
        self.stdout.write(
            f"Term: {result['term'] or '-'}; granted {len(result['granted'])}, "
            f"removed {len(result['removed'])}."
        )
