"""A member state's page: cached per viewer, yet every change shows at once; its forms carry
each viewer's own CSRF token; it lists the reminders sent about the state."""

import pytest
from django.test import Client
from django.urls import reverse

from members.models import MemberState
from outbox.api import queue_message
from outbox.models import OutboxMessage

from ..factories import FocalPointFactory, UserFactory, with_totp
from .test_directory import _count_queries

pytestmark = pytest.mark.django_db

URL = "/en/members/states/TUR/"


@pytest.fixture
def turkiye(reference_data):
    return MemberState.objects.get(iso3="TUR")


def test_a_second_visit_reads_nothing_from_the_database(client, secretariat_user, turkiye):
    """Session, user, role data and the page body all come from the cache. (The savepoint is
    the test's transaction around ATOMIC_REQUESTS; outside tests no statement is sent.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    FocalPointFactory(member_state=turkiye)
    client.force_login(secretariat_user)
    assert _count_queries(client, URL) > 5
    with CaptureQueriesContext(connection) as warm:
        response = client.get(URL)
    assert response.status_code == 200
    assert "Türkiye" in response.content.decode()
    assert [q["sql"].split()[0] for q in warm] == ["SAVEPOINT", "RELEASE"]


def test_changes_show_at_once(client, secretariat_user, turkiye):
    person = FocalPointFactory(member_state=turkiye)
    client.force_login(secretariat_user)
    assert person.family_name in client.get(URL).content.decode()
    person.family_name = "Yenisoyad"
    person.save()
    assert "Yenisoyad" in client.get(URL).content.decode()
    # An invitation (the invitations table) and a message (the reminders table) as well.
    client.post(
        reverse("members:invite", kwargs={"iso3": "TUR"}),
        {
            "role": "alternate",
            "given_name": "Ayşe",
            "family_name": "Kaya",
            "email": "ayse.kaya@example.org",
            "language": "en",
        },
    )
    page = client.get(URL).content.decode()
    assert "ayse.kaya@example.org" in page.split('data-testid="invitations"')[1]


def _reminder(state, to):
    """A nomination reminder about the state, as the monthly planner queues it."""
    import datetime

    return queue_message(
        to=to,
        language="en",
        kind="nomination",
        template="members/email/nomination_reminder",
        context={
            "state": state,
            "reminder_number": 1,
            "previous_reminders": 0,
            "nominated_count": 0,
            "total_states": 57,
            "period": datetime.date(2026, 11, 1),
        },
        dedup_key=f"test:nomination:{state.iso3}:{to}",
        related=state,
    )


def test_reminders_sent_about_the_state_are_listed(client, secretariat_user, turkiye):
    client.force_login(secretariat_user)
    assert "No reminder or message has been sent" in client.get(URL).content.decode()
    message = _reminder(turkiye, "iskur@example.org")
    section = client.get(URL).content.decode().split('data-testid="reminders"')[1]
    assert f'data-message="{message.pk}" data-status="pending"' in section
    assert "iskur@example.org" in section
    assert reverse("outbox:message", kwargs={"pk": message.pk}) in section
    # The sender's bulk update of the status shows at once too.
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.SENT)
    section = client.get(URL).content.decode().split('data-testid="reminders"')[1]
    assert f'data-message="{message.pk}" data-status="sent"' in section


def test_the_focal_point_sees_the_reminders_without_outbox_links(client, focal_point_user, turkiye):
    _reminder(turkiye, "focal@example.org")
    client.force_login(focal_point_user)
    section = client.get(URL).content.decode().split('data-testid="reminders"')[1]
    assert "focal@example.org" in section
    assert "/outbox/" not in section


def test_each_viewer_gets_their_own_csrf_token_in_the_cached_page(secretariat_user, turkiye):
    """The page is cached with a placeholder that each response replaces with the viewer's
    current token; a token cached with the page would fail once the viewer's secret rotates
    (at sign-in)."""
    nominee = FocalPointFactory(
        member_state=turkiye,
        status="submitted",
        nomination_letter="letters/x.pdf",
        sending_authority="ministry",
    )
    colleague = UserFactory(email="colleague@example.org", roles=["secretariat"], is_staff=True)
    with_totp(colleague)
    for user in (secretariat_user, colleague):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        browser.get(URL)
        page = browser.get(URL).content.decode()  # from the cache
        assert "pesnet-csrf-token-placeholder" not in page
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        if user is colleague:
            response = browser.post(
                reverse("members:verify", kwargs={"pk": nominee.pk}),
                {"csrfmiddlewaretoken": token},
            )
            assert response.status_code == 302, response.content.decode()[:300]
    nominee.refresh_from_db()
    assert nominee.status == "active"
    assert nominee.verified_by == colleague


def test_other_states_and_unknown_codes_are_404_without_revealing_which(
    client, other_state_focal_point, turkiye
):
    client.force_login(other_state_focal_point.user)
    assert client.get(URL).status_code == 404
    assert client.get("/en/members/states/XXX/").status_code == 404
    assert client.get("/en/members/states/MAR/").status_code == 200
    assert client.get("/en/members/states/mar/").status_code == 200
