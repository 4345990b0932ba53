from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def home_announcements(request):
    from .models import Announcement

    latest = list(Announcement.objects.filter(published_at__isnull=False)[:3])
    return {"announcements": latest} if latest else None


class GovernanceConfig(AppConfig):
    """People and governance: accounts and roles, the chair's term, partners, announcements.

    A portal-wide app on top of the layers: it reads members, meetings, workplan and
    communiques; nothing imports it (it reaches the core through registries)."""

    name = "governance"
    verbose_name = _("People and governance")

    def ready(self):
        from pesnet import invitations, navigation

        from . import rules, signals  # noqa: F401  (registers rules and signal receivers)

        signals.connect()
        from pesnet import schedules

        from .schedules import ensure_schedules
        from .services import INVITATION_SESSION_KEY, invitation_for_token

        invitations.register(INVITATION_SESSION_KEY, invitation_for_token)
        schedules.connect(self, ensure_schedules)
        navigation.HOME_SECTIONS.append(
            navigation.HomeSection(
                "governance/_home_announcements.html", home_announcements, order=90
            )
        )
        # No main-menu entries: the menu is full at 1280 px until it is regrouped. "About the
        # network" is in the footer, "Accounts" and "My account" in the user menu.
