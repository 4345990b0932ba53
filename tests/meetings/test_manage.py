"""The secretariat convenes a meeting in the portal: create, edit, move, cancel; the agenda
editor; bad input is a translated error next to the field and stores nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import services
from meetings.models import AgendaItem, Meeting, Registration
from outbox.models import OutboxMessage
from pesnet.errors import DomainError

from ..factories import UserFactory
from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ISTANBUL = ZoneInfo("Europe/Istanbul")


def _form(**changes):
    data = {
        "kind": "focal_points",
        "number": "7",
        "title_en": "Online Meeting of the National Focal Points 2022",
        "title_ar": "اجتماع جهات الاتصال الوطنية 2022",
        "title_fr": "Réunion en ligne des points focaux nationaux 2022",
        "description_en": "",
        "time_zone": "Europe/Istanbul",
        "start": "2030-11-15T11:00",
        "end": "2030-11-15T14:00",
        "registration_deadline": "2030-11-10T17:00",
        "mode": "online",
        "place_en": "Online",
        "online_link": "https://meet.example.org/fp",
    }
    data.update(changes)
    return data


def test_the_secretariat_creates_a_meeting_in_its_own_time_zone(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post("/en/meetings/new/", _form())
    meeting = Meeting.objects.get(number=7)
    assert response.status_code == 302 and response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert meeting.start == datetime.datetime(2030, 11, 15, 8, 0, tzinfo=datetime.UTC)
    assert meeting.status == "planned" and meeting.title_ar.startswith("اجتماع")
    edit = client.get(f"/en/meetings/{meeting.pk}/edit/").content.decode()
    assert 'value="2030-11-15T11:00"' in edit  # shown back in the meeting's zone


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end": "2030-11-15T10:00"}, "end"),
        ({"registration_deadline": "2030-11-16T10:00"}, "registration_deadline"),
        ({"start": "not a date"}, "start"),
        ({"title_en": ""}, "title_en"),
    ],
)
def test_bad_meeting_input_is_an_error_next_to_the_field(client, secretariat_user, changes, field):
    client.force_login(secretariat_user)
    response = client.post("/fr/meetings/new/", _form(**changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-testid="error-{field}"' in body
    assert not Meeting.objects.exists()


def test_french_error_is_translated(client, secretariat_user):
    client.force_login(secretariat_user)
    body = client.post("/fr/meetings/new/", _form(end="2030-11-15T10:00")).content.decode()
    error = body.split('data-testid="error-end"')[1].split("</div>")[0]
    assert "The meeting must end" not in error and error.strip(">").strip()


def test_moving_a_meeting_raises_its_sequence_and_tells_those_registered_once(
    client, secretariat_user, focal_point_user
):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=5))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    services.answer(meeting, focal_point_user, coming=True)
    client.force_login(secretariat_user)
    moved = meeting.start.astimezone(ISTANBUL) + datetime.timedelta(days=1)
    data = _form(
        kind=meeting.kind,
        number="",
        start=moved.strftime("%Y-%m-%dT%H:%M"),
        end=(moved + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline="",
    )
    assert client.post(f"/en/meetings/{meeting.pk}/edit/", data).status_code == 302
    client.post(f"/en/meetings/{meeting.pk}/edit/", data)  # saved again, unchanged: no notice
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    updates = OutboxMessage.objects.filter(kind="meeting_updated")
    assert updates.count() == 1 and updates.get().to == focal_point_user.email
    ics = Calendar.from_ical(bytes(updates.get().attachments.get().content))
    event = next(iter(ics.walk("VEVENT")))
    assert str(event["uid"]) == meeting.calendar_uid and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == meeting.start


def test_cancelling_cancels_pending_messages_and_sends_method_cancel(
    client, secretariat_user, focal_point_user
):
    meeting = MeetingFactory(start=timezone.now() + datetime.timedelta(days=3))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    services.answer(meeting, focal_point_user, coming=True)
    services.replan(meeting)
    reminder = OutboxMessage.objects.get(kind="meeting")
    client.force_login(secretariat_user)
    assert client.post(f"/en/meetings/{meeting.pk}/cancel/").status_code == 302
    meeting.refresh_from_db()
    reminder.refresh_from_db()
    assert meeting.status == "cancelled" and reminder.status == "cancelled"
    notice = OutboxMessage.objects.get(kind="meeting_cancelled")
    ics = Calendar.from_ical(bytes(notice.attachments.get().content))
    assert str(ics["method"]) == "CANCEL"
    event = next(iter(ics.walk("VEVENT")))
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1
    # Cancelled: nobody registers any more, and cancelling twice is refused.
    client.force_login(focal_point_user)
    client.post(reverse("meetings:answer", args=[meeting.pk]), {"answer": "no"})
    assert Registration.objects.get(meeting=meeting).status == "registered"
    with pytest.raises(DomainError):
        services.cancel_meeting(meeting, by=secretariat_user)


def test_agenda_editor_adds_edits_reorders_and_deletes_without_javascript(client, secretariat_user):
    meeting = MeetingFactory()
    client.force_login(secretariat_user)
    url = f"/en/meetings/{meeting.pk}/agenda/"
    for title in ("Opening", "Work plan", "Closing"):
        response = client.post(url, {"title_en": title, "duration_minutes": "15"})
        assert response.status_code == 302
    titles = lambda: list(meeting.agenda.values_list("title_en", flat=True))  # noqa: E731
    assert titles() == ["Opening", "Work plan", "Closing"]
    closing = AgendaItem.objects.get(title_en="Closing")
    action = f"/en/meetings/{meeting.pk}/agenda/{closing.pk}/action/"
    client.post(action, {"action": "up"})
    assert titles() == ["Opening", "Closing", "Work plan"]
    client.post(action, {"action": "delete"})
    assert titles() == ["Opening", "Work plan"]
    assert list(meeting.agenda.values_list("order", flat=True)) == [1, 2]
    opening = AgendaItem.objects.get(title_en="Opening")
    edit = f"/en/meetings/{meeting.pk}/agenda/{opening.pk}/"
    late = (meeting.end + datetime.timedelta(hours=5)).astimezone(ISTANBUL)
    response = client.post(edit, {"title_en": "Opening", "start": late.strftime("%Y-%m-%dT%H:%M")})
    assert 'data-testid="error-start"' in response.content.decode()
    start = meeting.start.astimezone(ISTANBUL).strftime("%Y-%m-%dT%H:%M")
    client.post(edit, {"title_en": "Opening remarks", "title_ar": "كلمة", "start": start})
    opening.refresh_from_db()
    assert opening.title_en == "Opening remarks" and opening.start == meeting.start


def test_the_agenda_takes_a_dragged_order_and_refuses_a_wrong_one(
    client, secretariat_user, role_users
):
    meeting = MeetingFactory()
    items = [AgendaItemFactory(meeting=meeting, title_en=t) for t in ("A", "B", "C")]
    other = AgendaItemFactory()  # another meeting's item
    client.force_login(secretariat_user)
    page = client.get(f"/en/meetings/{meeting.pk}/agenda/").content.decode()
    assert "vendor/sortablejs/Sortable.min.js" in page and "js/agenda-sort.js" in page
    assert 'data-testid="up"' in page  # the buttons stay for those without JavaScript
    url = f"/en/meetings/{meeting.pk}/agenda/order/"
    titles = lambda: list(meeting.agenda.values_list("title_en", flat=True))  # noqa: E731
    c, a, b = items[2].pk, items[0].pk, items[1].pk
    assert client.post(url, {"item": [c, a, b]}).status_code == 302
    assert titles() == ["C", "A", "B"]
    for bad in ([a, b], [c, a, b, other.pk], [c, c, a], ["x", a, b], [], ["9" * 12]):
        response = client.post(url, {"item": bad}, follow=True)
        assert response.status_code == 200 and "alert-danger" in response.content.decode()
        assert titles() == ["C", "A", "B"]
    assert client.get(url).status_code == 405
    client.force_login(role_users["focal_point"])
    assert client.post(url, {"item": [a, b, c]}).status_code == 403
    assert titles() == ["C", "A", "B"]


def test_other_roles_cannot_manage(client, role_users):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    posts = [
        f"/en/meetings/{meeting.pk}/cancel/",
        f"/en/meetings/{meeting.pk}/held/",
        f"/en/meetings/{meeting.pk}/agenda/{item.pk}/action/",
        f"/en/meetings/{meeting.pk}/agenda/",
        f"/en/meetings/{meeting.pk}/invite/",
    ]
    for role in ("focal_point", "chair"):
        client.force_login(role_users[role])
        for url in posts:
            assert client.post(url, {"action": "delete"}).status_code == 403, url
    client.logout()
    for url in posts:
        assert client.post(url, {"action": "delete"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "planned" and meeting.agenda.count() == 1


def test_a_delegation_with_people_without_an_account(client, secretariat_user, role_users):
    from ..factories import FocalPointFactory

    meeting = MeetingFactory()
    client.force_login(secretariat_user)
    focal = role_users["focal_point"].focal_points.get()
    response = client.post(
        f"/en/meetings/{meeting.pk}/delegation/",
        {
            "member_state": focal.member_state_id,
            "name": "Aylin Demir",
            "position": "Expert",
            "email": "aylin@example.org",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="aylin@example.org")
    assert registration.user is None and registration.status == "registered"
    confirmation = OutboxMessage.objects.get(kind="meeting_registration")
    assert confirmation.to == "aylin@example.org" and confirmation.language == "fr"
    # A focal point adds a colleague of their own state only.
    client.force_login(role_users["focal_point"])
    other = FocalPointFactory(member_state__country="MY", member_state__iso3="MYS")
    response = client.post(
        f"/en/meetings/{meeting.pk}/delegation/",
        {
            "member_state": other.member_state_id,
            "name": "X",
            "email": "x@example.org",
            "language": "en",
        },
    )
    assert response.status_code == 200 and "error-member_state" in response.content.decode()
    response = client.post(
        f"/en/meetings/{meeting.pk}/delegation/",
        {
            "member_state": focal.member_state_id,
            "name": "Colleague",
            "email": "c@example.org",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Registration.objects.filter(meeting=meeting, status="registered").count() == 2


def test_minutes_are_sanitised_and_published(client, secretariat_user):
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(days=2))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    client.force_login(secretariat_user)
    client.post(
        f"/en/meetings/{meeting.pk}/minutes/",
        {
            "minutes_en": "<p>Adopted.</p><script>alert(1)</script><img src=x onerror=y>",
            "minutes_ar": "<p>اعتُمد.</p>",
            "publish": "on",
        },
    )
    meeting.refresh_from_db()
    assert meeting.minutes_en == "<p>Adopted.</p>" and meeting.minutes_published
    client.logout()
    assert "اعتُمد" in client.get(f"/ar/meetings/{meeting.pk}/").content.decode()


def test_participants_export_is_for_the_secretariat_and_quotes_formulas(
    client, secretariat_user, focal_point_user
):
    from io import BytesIO

    from openpyxl import load_workbook

    meeting = MeetingFactory()
    Registration.objects.create(
        meeting=meeting, name="=HYPERLINK(1)", email="evil@example.org", status="registered"
    )
    client.force_login(focal_point_user)
    assert (
        client.get(f"/en/meetings/{meeting.pk}/export/?format=xlsx&columns=name").status_code == 403
    )
    client.force_login(secretariat_user)
    response = client.get(
        f"/en/meetings/{meeting.pk}/export/?format=xlsx&columns=name&columns=email"
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1] == ("Name", "E-mail") and rows[2] == ("'=HYPERLINK(1)", "evil@example.org")
    pdf = client.get(f"/en/meetings/{meeting.pk}/export/?format=pdf&columns=name")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_participation_is_computed_from_attendance(secretariat_user, reference_data):
    from members.models import MemberState

    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(days=2))
    meeting.end = meeting.start + datetime.timedelta(hours=2)
    meeting.save()
    states = list(MemberState.objects.filter(iso3__in=["TUR", "MYS", "SUR"]))
    for n, state in enumerate(states):
        Registration.objects.create(
            meeting=meeting, member_state=state, email=f"p{n}@example.org", status="attended"
        )
    Registration.objects.create(
        meeting=meeting, member_state=states[0], email="absent@example.org", status="absent"
    )
    from meetings.selectors import participation

    stats = participation(meeting)
    assert stats["people"] == 3 and stats["states"] == 3
    assert sum(count for _label, count in stats["by_group"]) == 3
    user = UserFactory()
    assert not Registration.objects.filter(user=user).exists()


def test_the_demo_2022_focal_points_meeting_is_held_with_minutes(reference_data):
    from meetings import demo as meetings_demo
    from members import demo as members_demo

    members_demo.seed(password="demo-password-2026", log=lambda line: None)
    meetings_demo.seed(password="demo-password-2026", log=lambda line: None)
    meetings_demo.seed(password="demo-password-2026", log=lambda line: None)  # idempotent
    meeting = Meeting.objects.get(kind="focal_points", number=1)
    assert meeting.is_demo and meeting.status == "held" and meeting.minutes_published
    assert meeting.start.year == 2022 and meeting.documents.count() == 1
    assert meeting.registrations.filter(status="attended").count() == 8
    from meetings.selectors import participation

    assert participation(meeting)["states"] == 8


def test_the_state_participation_include(reference_data):
    from django.template import Context, Template

    from members.models import MemberState

    meeting = MeetingFactory(kind="training")
    turkey = MemberState.objects.get(iso3="TUR")
    Registration.objects.create(
        meeting=meeting, member_state=turkey, email="t@example.org", status="attended"
    )
    html = Template("{% load meetings_tags %}{% state_participation state %}").render(
        Context({"state": turkey})
    )
    assert meeting.title_en in html and 'data-testid="state-participation"' in html
