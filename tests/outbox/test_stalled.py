"""The outbox page warns when messages are due and nothing has been sent for ten minutes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox import selectors
from outbox.models import OutboxMessage

from .factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db
WARNING = 'data-testid="sending-stalled"'


@pytest.fixture
def secretariat(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_no_warning_while_messages_leave(secretariat):
    now = timezone.now()
    OutboxMessageFactory(due_at=now - timedelta(minutes=30))
    OutboxMessageFactory(status=OutboxMessage.Status.SENT, sent_at=now - timedelta(minutes=2))
    assert WARNING not in secretariat.get(reverse("outbox:list")).content.decode()


def test_no_warning_for_a_message_just_due(secretariat):
    OutboxMessageFactory(due_at=timezone.now() - timedelta(minutes=3))
    assert WARNING not in secretariat.get(reverse("outbox:list")).content.decode()


def test_a_warning_when_due_messages_wait_and_nothing_was_sent_for_ten_minutes(secretariat):
    now = timezone.now()
    OutboxMessageFactory(due_at=now - timedelta(minutes=11))
    OutboxMessageFactory(status=OutboxMessage.Status.SENT, sent_at=now - timedelta(minutes=45))
    page = secretariat.get(reverse("outbox:list")).content.decode()
    assert WARNING in page
    assert "nothing has been sent for ten minutes" in page


def test_the_rule():
    now = timezone.now()
    due = {"oldest_due_at": now - timedelta(minutes=10), "last_sent_at": None}
    assert selectors.sending_stalled(due, now)
    assert not selectors.sending_stalled({**due, "last_sent_at": now}, now)
    assert not selectors.sending_stalled({"oldest_due_at": None, "last_sent_at": None}, now)
