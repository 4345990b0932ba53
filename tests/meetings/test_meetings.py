"""Meetings: the public pages, answering an invitation, the calendar file, attendance and the
reminder a week before; every role; bad input changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Registration
from meetings.reminders import plan
from outbox.api import plan_reminders
from outbox.models import OutboxMessage

from ..factories import FocalPointFactory, UserFactory
from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title_en="Opening remarks", title_ar="كلمة افتتاحية")
    AgendaItemFactory(meeting=meeting, title_en="Work plan progress", duration_minutes=60)
    return meeting


def _page(client, meeting, language="en"):
    response = client.get(f"/{language}/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _answer(client, meeting, value):
    return client.post(reverse("meetings:answer", args=[meeting.pk]), {"answer": value})


def test_anyone_sees_the_list_the_page_and_the_agenda_but_not_the_link(client, meeting):
    past = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=400),
        end=timezone.now() - datetime.timedelta(days=399),
    )
    listing = client.get("/en/meetings/").content.decode()
    upcoming_part, past_part = listing.split('data-testid="past"')
    assert f'data-meeting="{meeting.pk}"' in upcoming_part
    assert f'data-meeting="{past.pk}"' in past_part
    page = _page(client, meeting)
    assert "Opening remarks" in page and "60 minutes" in page
    assert meeting.online_link not in page
    assert 'data-testid="answer"' not in page
    assert "كلمة افتتاحية" in _page(client, meeting, "ar")
    ics = client.get(reverse("meetings:calendar", args=[meeting.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert meeting.online_link.encode() not in ics.content


def test_times_are_shown_in_the_meetings_zone_and_the_viewers(client, meeting, reference_data):
    from members.models import MemberState

    morocco = MemberState.objects.get(iso3="MAR")
    person = FocalPointFactory(member_state=morocco, user=UserFactory(email="fp@example.ma"))
    client.force_login(person.user)
    page = _page(client, meeting)
    istanbul = meeting.start.astimezone(ZoneInfo("Europe/Istanbul")).strftime("%H:%M")
    casablanca = meeting.start.astimezone(ZoneInfo(morocco.default_time_zone)).strftime("%H:%M")
    assert istanbul != casablanca
    when = page.split('data-testid="when"')[1].split("</dd>")[0]
    assert f"{istanbul}–" in when.split('data-testid="when-local"')[0]
    assert f"{casablanca}–" in when.split('data-testid="when-local"')[1]
    assert "Africa/Casablanca" in when


def test_a_focal_point_registers_gets_the_link_and_a_confirmation(
    client, focal_point_user, meeting
):
    client.force_login(focal_point_user)
    assert 'data-testid="register"' in _page(client, meeting)
    response = _answer(client, meeting, "yes")
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, user=focal_point_user)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.member_state.iso3 == "TUR"
    page = _page(client, meeting)
    assert 'data-testid="online-link"' in page and meeting.online_link in page
    confirmation = OutboxMessage.objects.get(kind="meeting_registration")
    assert confirmation.to == focal_point_user.email
    attachment = confirmation.attachments.get()
    assert attachment.filename.endswith(".ics")
    event = Calendar.from_ical(bytes(attachment.content)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.start
    assert meeting.online_link in str(event.get("location"))
    # The same answer again sends nothing more; changing it is recorded.
    _answer(client, meeting, "yes")
    assert OutboxMessage.objects.filter(kind="meeting_registration").count() == 1
    _answer(client, meeting, "no")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DECLINED
    assert 'data-testid="online-link"' not in _page(client, meeting)


@pytest.mark.parametrize("value", ["", "maybe", "<script>", "y" * 500])
def test_a_bad_answer_changes_nothing(client, focal_point_user, meeting, value):
    client.force_login(focal_point_user)
    response = _answer(client, meeting, value)
    assert response.status_code == 302
    assert not Registration.objects.exists()
    follow = client.get(response["Location"]).content.decode()
    assert "Choose whether you will attend." in follow


def test_no_answer_after_the_deadline_or_the_meeting(client, focal_point_user, meeting):
    meeting.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    client.force_login(focal_point_user)
    assert 'data-testid="register"' not in _page(client, meeting)
    response = client.post(f"/ar/meetings/{meeting.pk}/answer/", {"answer": "yes"}, follow=True)
    assert "التسجيل في هذا الاجتماع مغلق" in response.content.decode()
    past = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=3),
        end=timezone.now() - datetime.timedelta(days=2),
    )
    _answer(client, past, "yes")
    assert not Registration.objects.exists()


def test_who_may_answer_and_record_attendance(client, meeting, role_users):
    client.logout()
    assert _answer(client, meeting, "yes").status_code == 302  # to the sign-in page
    assert not Registration.objects.exists()
    stranger = UserFactory(email="no.role@example.org")
    client.force_login(stranger)
    assert _answer(client, meeting, "yes").status_code == 403
    for role in ("focal_point", "chair", "secretariat"):
        client.force_login(role_users[role])
        assert _answer(client, meeting, "yes").status_code == 302
    assert Registration.objects.filter(status="registered").count() == 3
    attendance = reverse("meetings:attendance", args=[meeting.pk])
    for role in ("focal_point", "chair"):
        client.force_login(role_users[role])
        assert client.post(attendance, {"attended": []}).status_code == 403
        assert 'data-testid="attendance"' not in _page(client, meeting)


def test_the_secretariat_records_attendance_once_the_meeting_has_started(
    client, secretariat_user, focal_point_user, meeting
):
    registration = Registration.objects.create(
        meeting=meeting, user=focal_point_user, status="registered"
    )
    client.force_login(secretariat_user)
    page = _page(client, meeting)
    assert "1 registered from 0 member states; 0 declined." in page
    attendance = reverse("meetings:attendance", args=[meeting.pk])
    client.post(attendance, {"attended": [registration.pk]})
    registration.refresh_from_db()
    assert registration.status == "registered"  # not before the meeting starts
    meeting.start = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    for bad in (["999999"], ["abc"], ["1" * 20]):
        client.post(attendance, {"attended": bad})
        registration.refresh_from_db()
        assert registration.status == "registered"
    client.post(attendance, {"attended": [registration.pk]})
    registration.refresh_from_db()
    assert registration.status == "attended"
    client.post(attendance, {})
    registration.refresh_from_db()
    assert registration.status == "absent"


def test_a_reminder_goes_to_those_registered_a_week_before_once(focal_point_user, role_users):
    soon = MeetingFactory(start=timezone.now() + datetime.timedelta(days=6, hours=2))
    soon.end = soon.start + datetime.timedelta(hours=2)
    soon.save()
    later = MeetingFactory()  # in 30 days: not yet
    Registration.objects.create(meeting=soon, user=focal_point_user, status="registered")
    Registration.objects.create(meeting=soon, user=role_users["chair"], status="declined")
    Registration.objects.create(meeting=later, user=focal_point_user, status="registered")
    today = timezone.localdate()
    specs = list(plan(today))
    assert [(spec.to, spec.related) for spec in specs] == [(focal_point_user.email, soon)]
    first = plan_reminders("meeting", today)
    again = plan_reminders("meeting", today)
    assert len(first.created) == 1 and not again.created and again.existing == 1
    message = first.created[0]
    assert soon.title in message.subject
    assert message.attachments.get().filename == f"pesnet-meeting-{soon.pk}.ics"


def test_the_demo_meeting_has_an_agenda_and_answers(reference_data):
    from meetings import demo as meetings_demo
    from members import demo as members_demo

    members_demo.seed(password="demo-password-2026", log=lambda line: None)
    meetings_demo.seed(password="demo-password-2026", log=lambda line: None)
    meetings_demo.seed(password="demo-password-2026", log=lambda line: None)  # idempotent
    from meetings.models import Meeting

    meeting = Meeting.objects.get(kind="focal_points", number=2)
    assert meeting.is_demo and meeting.agenda.count() == 5
    assert sorted(meeting.registrations.values_list("status", flat=True)) == [
        "declined",
        "registered",
        "registered",
    ]
    assert meeting.registration_open
