from django.core.management.base import BaseCommand, CommandError

from search.registry import SOURCES, rebuild


class Command(BaseCommand):
    help = "Index again everything every search source offers (after a restore or an upgrade)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help=f"Some of: {', '.join(sorted(SOURCES))}")

    def handle(self, *args, sources, **options):
        unknown = sorted(set(sources) - set(SOURCES))
        if unknown:
            raise CommandError(f"No search source named {', '.join(unknown)}.")
        for name, count in rebuild(sources or None).items():
            self.stdout.write(f"{name}: {count} entries")
