"""Consultation e-mails through the outbox: "the consultation is open" and "it closes soon".

Both go to the active focal points and the chair's accounts, each in the recipient's language,
with a deduplication key per communiqué version and recipient: opening a consultation twice or
planning the reminder twice sends nothing twice. The reminder kind is planned daily by beat.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import FocalPoint
from outbox.api import MessageSpec, kick_sender, message_kind, portal_url, queue_spec, reminder_kind
from pesnet.roles import CHAIR

from .models import Communique

OPENED = "communique_consultation"
REMINDER = "communique_consultation_reminder"
# The reminder goes out once fewer than this many days are left before the deadline.
REMINDER_DAYS_BEFORE = 3

message_kind(
    OPENED,
    _("Communiqué consultation opened"),
    "Tells focal points and the chair that a draft communiqué is open for comments.",
)


def consultation_recipients() -> list[tuple[str, str, str]]:
    """(e-mail, language, name) of the active focal points and the chair's accounts, once each."""
    recipients: dict[str, tuple[str, str]] = {}
    for focal_point in FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE).only(
        "email", "preferred_language", "given_name", "family_name"
    ):
        recipients.setdefault(
            focal_point.email.lower(),
            (focal_point.preferred_language or "en", focal_point.full_name),
        )
    for user in get_user_model().objects.filter(groups__name=CHAIR, is_active=True):
        recipients.setdefault(user.email.lower(), (user.preferred_language or "en", str(user)))
    return [(email, language, name) for email, (language, name) in sorted(recipients.items())]


def _specs(communique: Communique, event: str, template: str, kind: str) -> list[MessageSpec]:
    specs = []
    for email, language, name in consultation_recipients():
        specs.append(
            MessageSpec(
                to=email,
                language=language,
                kind=kind,
                template=template,
                context={
                    "meeting_title": getattr(communique.meeting, f"title_{language}")
                    or communique.meeting.title,
                    "deadline": timezone.localtime(communique.consultation_deadline),
                },
                dedup_key=f"communique:{communique.pk}:v{communique.version}:{event}:{email}",
                related=communique,
                recipient_name=name,
                action_url=portal_url("communiques:work", communique.pk, language=language),
            )
        )
    return specs


def consultation_opened_messages(communique: Communique) -> list[MessageSpec]:
    return _specs(communique, "opened", "communiques/email/consultation_opened", OPENED)


def notify_consultation_opened(communique: Communique) -> int:
    """Queue the "consultation open" e-mails in the caller's transaction; returns how many."""
    queued = sum(
        1 for spec in consultation_opened_messages(communique) if queue_spec(spec) is not None
    )
    if queued:
        kick_sender()
    return queued


@reminder_kind(
    REMINDER,
    label=_("Communiqué consultation closing"),
    description=(
        "Reminds focal points and the chair that the consultation on a draft communiqué closes "
        f"within {REMINDER_DAYS_BEFORE} days. Planned daily."
    ),
    schedule={"minute": "0", "hour": "6"},
    period=lambda today: today,
)
def plan_consultation_reminders(today: datetime.date):
    now = timezone.now()
    closing = Communique.objects.filter(
        status=Communique.Status.CONSULTATION,
        consultation_deadline__gt=now,
        consultation_deadline__date__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE),
    ).select_related("meeting")
    for communique in closing:
        yield from _specs(
            communique, "reminder", "communiques/email/consultation_reminder", REMINDER
        )
