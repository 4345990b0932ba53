"""Consultation e-mails: "the consultation is open" and "it closes soon".

The planners are pure functions of the database and the time: they return the messages due,
each with a deduplication key, so that whatever sends them (the outbox) can plan twice and send
once. Each message is written in the recipient's preferred language.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from members.models import FocalPoint
from pesnet.roles import CHAIR

from .models import Communique

# The reminder goes out when this much time is left before the deadline.
REMINDER_BEFORE = datetime.timedelta(days=3)


@dataclass(frozen=True)
class ConsultationMessage:
    recipient: str
    language: str
    subject: str
    body: str
    dedup_key: str


def consultation_recipients() -> list[tuple[str, str]]:
    """(e-mail, language) of the active focal points and the chair's accounts, once each."""
    recipients: dict[str, str] = {}
    for email, language in FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE).values_list(
        "email", "preferred_language"
    ):
        recipients.setdefault(email.lower(), language or "en")
    chair_accounts = get_user_model().objects.filter(groups__name=CHAIR, is_active=True)
    for email, language in chair_accounts.values_list("email", "preferred_language"):
        recipients.setdefault(email.lower(), language or "en")
    return sorted(recipients.items())


def _message(communique: Communique, event: str, email: str, language: str):
    with translation.override(language):
        url = settings.SITE_URL + reverse("communiques:work", args=[communique.pk])
        context = {
            "communique": communique,
            "title": getattr(communique.meeting, f"title_{language}") or communique.meeting.title,
            "deadline": timezone.localtime(communique.consultation_deadline),
            "url": url,
        }
        subject = render_to_string(f"communiques/email/consultation_{event}_subject.txt", context)
        body = render_to_string(f"communiques/email/consultation_{event}.txt", context)
    return ConsultationMessage(
        recipient=email,
        language=language,
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        dedup_key=f"communique:{communique.pk}:v{communique.version}:{event}:{email}",
    )


def consultation_opened_messages(communique: Communique) -> list[ConsultationMessage]:
    return [
        _message(communique, "opened", email, language)
        for email, language in consultation_recipients()
    ]


def consultation_reminder_messages(now=None) -> list[ConsultationMessage]:
    """Reminders for every consultation that closes within REMINDER_BEFORE."""
    now = now or timezone.now()
    closing = Communique.objects.filter(
        status=Communique.Status.CONSULTATION,
        consultation_deadline__gt=now,
        consultation_deadline__lte=now + REMINDER_BEFORE,
    ).select_related("meeting")
    recipients = consultation_recipients()
    return [
        _message(communique, "reminder", email, language)
        for communique in closing
        for email, language in recipients
    ]


def notify_consultation_opened(communique: Communique) -> list[ConsultationMessage]:
    """Called when a consultation opens; returns the messages handed over for sending."""
    return consultation_opened_messages(communique)
