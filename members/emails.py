"""The one place the members app hands an e-mail over for sending.

Until the outbox app (reliable queue, DESIGN.md "Reliability patterns") is merged, messages go
through Django's mail API once the transaction that produced them has committed, so a rolled
back invitation sends nothing. Swapping to the outbox means changing `send` only.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def send(*, to: str, subject: str, text: str, html: str, dedup_key: str = "") -> None:
    message = EmailMultiAlternatives(
        subject=subject.strip().replace("\n", " "),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(html, "text/html")
    transaction.on_commit(message.send)
