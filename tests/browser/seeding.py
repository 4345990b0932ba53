"""The demo network for journeys that need the network's real scale (57 states, the 2021–2022
work plan, the meetings, the third meeting's published communiqué)."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from communiques.models import Communique
from pesnet.roles import CHAIR, SECRETARIAT


def seed_demo_network(settings) -> Communique:
    # A transactional test empties every table, the roles' groups too (a data migration made
    # them); the demo accounts need them back.
    for name in (SECRETARIAT, CHAIR):
        Group.objects.get_or_create(name=name)
    settings.DEBUG = True
    call_command("seed_pesnet", verbosity=0)
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", password="demo-password-123", stdout=quiet)
    settings.DEBUG = False
    return Communique.objects.get(is_demo=True)
