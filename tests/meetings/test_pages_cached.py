"""The meeting page and the list, cached whole per viewer (pesnet.pagecache): what one viewer
sees is never another's, a change shows at once; the "Online · Online" defect; participation
over time on the secretariat's dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Meeting, Registration

from ..factories import FocalPointFactory, MemberStateFactory, UserFactory
from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_meeting_page_is_cached_per_viewer_and_a_change_shows_at_once(client, focal_point_user):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title_en="Opening remarks")
    path = f"/en/meetings/{meeting.pk}/"
    client.force_login(focal_point_user)
    first, cold = _get(client, path)
    again, warm = _get(client, path)
    assert warm < cold and warm <= 2, (cold, warm)  # the session and the signed-in user
    assert 'data-testid="register"' in again
    assert meeting.online_link not in first  # not registered: no link
    # A colleague of another state registers: the focal point's page is not theirs.
    other = UserFactory(email="focal.mys@example.org")
    FocalPointFactory(
        user=other,
        email=other.email,
        member_state=MemberStateFactory(
            country="MY", iso3="MYS", name_en="Malaysia", default_time_zone="Asia/Kuala_Lumpur"
        ),
    )
    services.answer(meeting, other, coming=True, by=other)
    mine, _count = _get(client, path)
    assert meeting.online_link not in mine and 'data-testid="register"' in mine
    client.force_login(other)
    theirs, _count = _get(client, path)
    assert meeting.online_link in theirs and "Kuala Lumpur" in theirs
    # The secretariat renames an agenda item: everyone's cached page is stale.
    meeting.agenda.update(title_en="Welcome by the chair")
    assert "Welcome by the chair" in _get(client, path)[0]
    client.force_login(focal_point_user)
    assert "Welcome by the chair" in _get(client, path)[0]


def test_the_list_is_cached_and_shows_a_new_meeting_and_an_answer_at_once(client, focal_point_user):
    meeting = MeetingFactory()
    client.force_login(focal_point_user)
    _page, cold = _get(client, "/en/meetings/")
    _page, warm = _get(client, "/en/meetings/")
    assert warm < cold and warm <= 2, (cold, warm)
    services.answer(meeting, focal_point_user, coming=True, by=focal_point_user)
    page, _count = _get(client, "/en/meetings/")
    assert 'data-testid="my-answer">Registered<' in page
    new = MeetingFactory(title_en="Workshop on labour market information")
    assert f'data-meeting="{new.pk}"' in _get(client, "/en/meetings/")[0]
    client.logout()
    anonymous, _count = _get(client, "/en/meetings/")
    assert 'data-testid="my-answer"' not in anonymous


def test_a_junk_query_string_is_not_cached(client):
    MeetingFactory()
    _get(client, "/en/meetings/?utm_source=mail")
    _page, count = _get(client, "/en/meetings/?utm_source=mail")
    assert count >= 2  # rendered again: the list's queries ran


def test_a_moved_deadline_closes_registration_on_the_cached_page(client, focal_point_user):
    """A bulk update moves the generation too. (The page also carries a one-minute time bucket,
    so a cached "register" button outlives a deadline by a minute at most; the service refuses a
    late answer anyway.)"""
    start = timezone.now() + datetime.timedelta(days=3)
    meeting = MeetingFactory(
        start=start,
        end=start + datetime.timedelta(hours=2),
        registration_deadline=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(focal_point_user)
    assert 'data-testid="register"' in _get(client, f"/en/meetings/{meeting.pk}/")[0]
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    page, _count = _get(client, f"/en/meetings/{meeting.pk}/")
    assert 'data-testid="register"' not in page and "Closed" in page


@pytest.mark.parametrize(
    ("language", "place", "mode", "expected"),
    [
        ("en", "Online", "online", "Focal-point meeting · Online ·"),
        ("ar", "عبر الإنترنت", "online", "اجتماع جهات الاتصال · عبر الإنترنت ·"),
        ("en", "online", "online", "Focal-point meeting · Online ·"),
        ("en", "Istanbul", "hybrid", "Focal-point meeting · Hybrid · Istanbul ·"),
    ],
)
def test_an_online_meeting_does_not_read_online_twice(client, language, place, mode, expected):
    meeting = MeetingFactory(mode=mode, place_en=place, place_ar=place)
    page = client.get(f"/{language}/meetings/{meeting.pk}/").content.decode()
    line = page.split('<p class="text-body-secondary">', 1)[1].split("<span", 1)[0]
    assert " ".join(line.split()) == expected
    assert "Online · Online" not in page and "عبر الإنترنت · عبر الإنترنت" not in page


def _held(kind, days_ago, **fields):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    return MeetingFactory(
        kind=kind, start=start, end=start + datetime.timedelta(hours=3), status="held", **fields
    )


def _came(meeting, state, n, status="attended"):
    Registration.objects.create(
        meeting=meeting,
        member_state=state,
        email=f"{state.iso3}{meeting.pk}-{n}@example.org",
        status=status,
    )


def test_the_dashboard_shows_participation_over_time_and_states_being_lost(
    client, secretariat_user, reference_data
):
    from members.models import MemberState

    turkiye, malaysia, suriname = (
        MemberState.objects.get(iso3=code) for code in ("TUR", "MYS", "SUR")
    )
    meetings = [_held("focal_points", 400 - 90 * n) for n in range(4)]  # oldest first
    training = _held("training", 30)
    for meeting in meetings:
        _came(meeting, turkiye, 1)
    for meeting in meetings[:2]:
        _came(meeting, suriname, 1)  # came early, then stopped
    _came(meetings[3], suriname, 2, status="absent")
    _came(training, malaysia, 1)
    client.force_login(secretariat_user)
    client.get(reverse("members:dashboard"))  # the session and the roles, read once
    MeetingFactory()  # upcoming: not part of participation, but the cached page is stale
    page, cold = _get(client, reverse("members:dashboard"))
    section = page.split('data-testid="network-participation"', 1)[1]
    rows = {row.split('"', 1)[0]: row for row in section.split('<tr data-state="')[1:]}
    assert len(rows) == 57
    assert 'data-losing="true"' in rows["SUR"] and "data-losing" not in rows["TUR"]
    assert rows["SUR"].count('data-cell="attended"') == 2
    assert rows["SUR"].count('data-cell="missed"') == 1
    assert 'data-testid="meetings-attended">4/4<' in rows["TUR"]
    assert 'data-testid="trainings-attended">1/1<' in rows["MYS"]
    # States the network is losing come first.
    assert section.index('data-state="SUR"') < section.index('data-state="TUR"')
    assert 'data-testid="losing-count">1 state came' in " ".join(section.split())
    # Ten times the meetings, trainings and registrations: the same number of queries.
    states = list(MemberState.objects.order_by("pk"))
    for n in range(36):
        meeting = _held("training" if n % 4 == 0 else "network", 2000 + n * 20)
        for k, state in enumerate(states[:20]):
            _came(meeting, state, k, status="attended" if (n + k) % 3 else "absent")
    _page, cold_x10 = _get(client, reverse("members:dashboard"))
    assert cold_x10 == cold, (cold, cold_x10)


def test_the_participation_page_is_the_same_table(client, secretariat_user, reference_data):
    _held("network", 20)
    client.force_login(secretariat_user)
    page = client.get(reverse("meetings:participation")).content.decode()
    assert page.count('<tr data-state="') == 57


def test_renaming_the_host_organisation_shows_on_the_cached_meeting_page(client):
    from members.models import Organisation

    host = Organisation.objects.create(
        slug="sesric-demo-host",
        kind=Organisation.Kind.SECRETARIAT,
        acronym="SESRIC",
        name_en="Statistical, Economic and Social Research and Training Centre",
    )
    meeting = MeetingFactory(host_organisation=host)
    path = f"/en/meetings/{meeting.pk}/"
    assert "Statistical, Economic and Social Research" in _get(client, path)[0]
    Organisation.objects.filter(pk=host.pk).update(name_en="SESRIC, Ankara")
    assert "SESRIC, Ankara" in _get(client, path)[0]
