"""Kinds of message the governance app sends through the outbox (discovered by outbox.apps)."""

from django.utils.translation import gettext_lazy as _

from outbox.api import message_kind

STAFF_INVITATION = message_kind(
    "staff_invitation",
    _("Staff invitation"),
    "Invites a colleague to the secretariat or an officer of the chair institution to open an "
    "account.",
)
ANNOUNCEMENT = message_kind(
    "announcement",
    _("Announcement"),
    "A news item of the secretariat e-mailed to every current focal point.",
)
