from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Add demo accounts and demo records for local use. Refuses to run when DEBUG is off. "
        "Each app contributes through its own demo.py (a seed(password, log) function)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password of every demo account.")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo is for local use only: it refuses to run with DEBUG off.")
        with transaction.atomic():
            for config in apps.get_app_configs():
                if "site-packages" in config.path:
                    continue
                module_name = f"{config.name}.demo"
                if find_spec(module_name):
                    import_module(module_name).seed(password=password, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
