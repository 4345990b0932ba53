"""Invitations as one outbox campaign, each in its recipient's language and time zone; the
one-click answer; reminders keyed by the start instant; time zones on the page; the calendar
files and feeds; the meeting page's query count."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from meetings import mail, services
from meetings.models import Meeting, Registration
from outbox.api import plan_reminders
from outbox.models import Campaign, OutboxMessage

from ..factories import FocalPointFactory, UserFactory
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db
ISTANBUL = ZoneInfo("Europe/Istanbul")


def _state(iso3):
    from members.models import MemberState

    return MemberState.objects.get(iso3=iso3)


@pytest.fixture
def network(reference_data):
    """Focal points in UTC−3 (Suriname), UTC+8 (Malaysia) and Morocco, in three languages."""
    suriname = FocalPointFactory(
        member_state=_state("SUR"),
        preferred_language="en",
        user=UserFactory(email="sr@example.org"),
    )
    malaysia = FocalPointFactory(
        member_state=_state("MYS"),
        preferred_language="ar",
        time_zone="Asia/Kuala_Lumpur",
        user=UserFactory(email="my@example.org"),
    )
    morocco = FocalPointFactory(member_state=_state("MAR"), preferred_language="fr")  # no account
    return {"SUR": suriname, "MYS": malaysia, "MAR": morocco}


def _late_meeting(**values):
    """Wed 2 June 2032, 20:00–22:00 in Istanbul: 01:00–03:00 on Thursday in Kuala Lumpur."""
    start = datetime.datetime(2032, 6, 2, 20, 0, tzinfo=ISTANBUL)
    return MeetingFactory(start=start, end=start + datetime.timedelta(hours=2), **values)


def test_the_invitation_is_one_campaign_in_each_recipients_language_and_zone(
    network, secretariat_user, chair_user
):
    meeting = _late_meeting()
    campaign = services.invite(
        meeting,
        states=None,
        chair=True,
        others=[("IsDB contact", "isdb@example.org")],
        by=secretariat_user,
    )
    messages = {m.to: m for m in OutboxMessage.objects.filter(campaign=campaign)}
    assert set(messages) == {
        "sr@example.org",
        "my@example.org",
        network["MAR"].email,
        chair_user.email,
        "isdb@example.org",
    }
    assert messages["my@example.org"].language == "ar"
    assert messages[network["MAR"].email].language == "fr"
    assert "Asia/Kuala_Lumpur" in messages["my@example.org"].body_text
    assert "America/Paramaribo" in messages["sr@example.org"].body_text
    assert "/meetings/answer/" in messages["sr@example.org"].body_text
    meeting.refresh_from_db()
    assert meeting.status == "invited" and campaign.send_requested_at is not None
    assert Registration.objects.filter(meeting=meeting, status="invited").count() == 5
    # Inviting again invites nobody twice.
    services.invite(meeting, states=None, chair=True, by=secretariat_user)
    assert OutboxMessage.objects.filter(campaign=campaign).count() == 5


def test_the_one_click_link_answers_without_signing_in(client, network, secretariat_user):
    meeting = _late_meeting()
    services.invite(meeting, states=[_state("MAR")], chair=False, by=secretariat_user)
    registration = Registration.objects.get(meeting=meeting)
    token = mail.answer_token(registration)
    page = client.get(f"/fr/meetings/answer/{token}/")
    assert page.status_code == 200
    client.post(f"/fr/meetings/answer/{token}/", {"answer": "yes"})
    registration.refresh_from_db()
    assert registration.status == "registered"
    assert client.get(f"/fr/meetings/answer/{token}x/").status_code == 404


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_invitation_campaign_to_the_sink(
    reference_data, secretariat_user, smtp_sink
):
    from celery.contrib.testing.worker import start_worker

    from pesnet.celery import app

    FocalPointFactory(member_state=_state("EGY"), preferred_language="ar", email="eg@example.org")
    FocalPointFactory(member_state=_state("SEN"), preferred_language="fr", email="sn@example.org")
    FocalPointFactory(member_state=_state("SUR"), preferred_language="en", email="sr@example.org")
    meeting = _late_meeting()
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        campaign = services.invite(meeting, chair=False, by=secretariat_user)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and smtp_sink.count() < 3:
            time.sleep(0.2)
    assert smtp_sink.count() == 3
    from email.utils import parseaddr

    languages = {parseaddr(m["To"])[1]: m["Content-Language"] for m in smtp_sink.messages}
    assert languages == {"eg@example.org": "ar", "sn@example.org": "fr", "sr@example.org": "en"}
    assert all(m.is_multipart() for m in smtp_sink.messages)
    subjects = {parseaddr(m["To"])[1]: str(m["Subject"]) for m in smtp_sink.messages}
    assert (
        subjects["sr@example.org"].startswith("=?utf-8?")
        or "Invitation" in subjects["sr@example.org"]
    )
    assert Campaign.objects.get(pk=campaign.pk).messages.filter(status="sent").count() == 3


@pytest.mark.parametrize(
    "iso3, zone, local, shifted",
    [
        ("SUR", "America/Paramaribo", "Wed 2 June, 14:00", False),
        ("MYS", "Asia/Kuala_Lumpur", "Thu 3 June, 01:00", True),
    ],
)
def test_times_for_viewers_in_utc_minus_3_and_plus_8(client, network, iso3, zone, local, shifted):
    meeting = _late_meeting()
    client.force_login(network[iso3].user)
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    when = page.split('data-testid="when"')[1].split("</dd>")[0]
    assert 'Wed 2 June, <span dir="ltr">20:00</span></span> Istanbul' in when
    own = when.split('data-testid="when-local"')[1]
    assert zone in own
    day, hour = local.split(", ")
    assert f'{day}, <span dir="ltr">{hour}</span>' in own
    assert ('data-testid="day-shift"' in own) is shifted


def test_an_anonymous_visitor_gets_the_browsers_zone_from_a_static_script(client):
    meeting = _late_meeting()
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="when-browser"' in page and "js/meetings-local-time.js" in page
    assert "<script>" not in page


def test_the_calendar_file_parses_back_with_the_same_instants_uid_and_sequence(client):
    meeting = _late_meeting()
    meeting.sequence = 3
    meeting.save()
    ics = Calendar.from_ical(client.get(f"/en/meetings/{meeting.pk}/calendar.ics").content)
    event = next(iter(ics.walk("VEVENT")))
    assert event.decoded("dtstart") == meeting.start and event.decoded("dtend") == meeting.end
    assert str(event["uid"]) == f"meeting-{meeting.pk}@pesnet-portal"
    assert int(event["sequence"]) == 3


def test_reminders_moving_replans_exactly_once_and_cancelling_cancels(focal_point_user, role_users):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=5))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    services.answer(meeting, focal_point_user, coming=True)
    today = timezone.localdate()
    assert len(plan_reminders("meeting", today).created) == 1
    meeting.start += datetime.timedelta(days=1)
    meeting.end += datetime.timedelta(days=1)
    services.save_meeting(meeting, by=role_users["secretariat"])
    reminders = OutboxMessage.objects.filter(kind="meeting")
    assert reminders.filter(status="cancelled").count() == 1
    assert reminders.filter(status="pending").count() == 1
    assert mail.stamp(meeting.start) in reminders.get(status="pending").dedup_key
    again = plan_reminders("meeting", today)
    assert not again.created and again.existing == 1
    assert OutboxMessage.objects.filter(kind="meeting_updated").count() == 1
    services.cancel_meeting(meeting, by=role_users["secretariat"])
    assert not reminders.filter(status="pending").exists()
    assert not plan_reminders("meeting", today).created


def test_reminders_for_those_registered_a_day_before_and_the_unanswered(
    focal_point_user, chair_user
):
    start = timezone.now() + datetime.timedelta(hours=20)
    meeting = MeetingFactory(
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_deadline=start - datetime.timedelta(hours=6),
    )
    services.answer(meeting, focal_point_user, coming=True)
    Registration.objects.create(meeting=meeting, user=chair_user, status="invited")
    today = timezone.localdate()
    keys = [m.dedup_key for m in plan_reminders("meeting", today).created]
    assert len(keys) == 1 and keys[0].endswith(":t-1")
    unanswered = plan_reminders("meeting_unanswered", today).created
    assert [m.to for m in unanswered] == [chair_user.email]
    # Answering cancels the reminder planned for the earlier answer.
    meeting_message = unanswered[0]
    services.answer(meeting, chair_user, coming=False)
    meeting_message.refresh_from_db()
    assert meeting_message.status == "cancelled"


def _registrations(meeting, count, state):
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            member_state=state,
            email=f"p{meeting.pk}-{n}@example.org",
            name=f"Participant {n}",
            status="registered" if n % 3 else "declined",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("role", ["focal_point", "secretariat"])
def test_the_meeting_page_query_count_does_not_grow_with_registrations(client, role_users, role):
    from ..factories import MemberStateFactory

    state = MemberStateFactory()
    client.force_login(role_users[role])
    counts = []
    client.get(f"/en/meetings/{MeetingFactory().pk}/")  # the session and the role, read once
    for size in (10, 100):
        meeting = MeetingFactory()
        _registrations(meeting, size, state)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/en/meetings/{meeting.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_feeds_public_and_personal_revocable(client, focal_point_user):
    upcoming = MeetingFactory()
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED)
    public = Calendar.from_ical(client.get("/en/meetings/calendar.ics").content)
    uids = {str(e["uid"]) for e in public.walk("VEVENT")}
    assert upcoming.calendar_uid in uids and cancelled.calendar_uid not in uids
    assert upcoming.online_link.encode() not in client.get("/en/meetings/calendar.ics").content
    services.answer(upcoming, focal_point_user, coming=True)
    client.force_login(focal_point_user)
    client.post("/en/meetings/mine/feed/", {"action": "new"})
    page = client.get("/en/meetings/mine/").content.decode()
    url = page.split('data-testid="feed-url">')[1].split("<")[0]
    assert f'data-meeting="{upcoming.pk}"' in page
    client.logout()
    body = client.get(url).content
    assert upcoming.online_link.encode() in body  # registered: the link is in their feed
    client.force_login(focal_point_user)
    client.post("/en/meetings/mine/feed/", {"action": "revoke"})
    client.logout()
    assert client.get(url).status_code == 404


def test_an_answer_cancels_only_that_persons_pending_reminder(role_users):
    start = timezone.now() + datetime.timedelta(hours=20)
    meeting = MeetingFactory(
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_deadline=start - datetime.timedelta(hours=6),
    )
    people = [UserFactory() for _n in range(12)]
    for user in people:
        Registration.objects.create(meeting=meeting, user=user, status="invited")
    planned = plan_reminders("meeting_unanswered", timezone.localdate()).created
    assert len(planned) == 12
    services.answer(meeting, people[0], coming=False)
    statuses = dict(
        OutboxMessage.objects.filter(kind="meeting_unanswered").values_list("to", "status")
    )
    assert statuses.pop(people[0].email) == "cancelled"
    assert set(statuses.values()) == {"pending"}
