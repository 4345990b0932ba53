"""Kinds of message the members app sends through the outbox (discovered by outbox.apps)."""

from django.utils.translation import gettext_lazy as _

from outbox.kinds import message_kind

INVITATION = message_kind(
    "invitation",
    _("Invitation"),
    "Invites a person to open an account as primary or alternate focal point of a member state.",
)
