import datetime

import factory

from outbox.models import Campaign, OutboxAttachment, OutboxMessage


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    key = factory.Sequence(lambda n: f"nomination:2026-{n:02}-01")
    kind = "nomination"
    period = datetime.date(2026, 12, 1)


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    """A stored message as the outbox keeps it (already rendered)."""

    class Meta:
        model = OutboxMessage

    dedup_key = factory.Sequence(lambda n: f"test:factory:{n}")
    kind = "nomination"
    to = factory.Sequence(lambda n: f"contact{n}@example.org")
    recipient_name = "Employment Agency"
    language = "en"
    subject = "Nomination of the national focal points to the OIC-PESNET"
    body_text = "Dear Sir or Madam,\n\nPlease nominate your focal points.\n"
    body_html = "<!doctype html><html lang='en'><body><p>Please nominate.</p></body></html>"


class OutboxAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxAttachment

    message = factory.SubFactory(OutboxMessageFactory)
    filename = "meeting.ics"
    mimetype = "text/calendar"
    content = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
