"""The meeting page lists its participants a page at a time: a network meeting (about a
hundred registrations) fits on the first page as before, ten times it is paginated, the
secretariat's summary counts everyone, and attendance saved on one page leaves the others'."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Registration
from meetings.views import REGISTRATIONS_PER_PAGE

from ..factories import MemberStateFactory
from ..html import pagination_links
from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _meeting(count, **fields):
    meeting = MeetingFactory(**fields)
    state = MemberStateFactory()
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            member_state=state,
            email=f"p{meeting.pk}-{n:04}@example.org",
            name=f"Participant {n:04}",
            status=Registration.Status.REGISTERED,
        )
        for n in range(count)
    )
    return meeting


def _html(client, meeting, query=None):
    response = client.get(meeting.get_absolute_url(), query or {})
    assert response.status_code == 200
    return response.content.decode()


def _published(html):
    if 'data-testid="published-participants"' not in html:
        return []
    block = html.split('data-testid="published-participants">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>(Participant \d+)", block)


def _table(html):
    return re.findall(r'data-registration="(\d+)"', html)


def test_a_network_meeting_fits_on_one_page_as_before(client, role_users):
    meeting = _meeting(100)
    for role, find in (("focal_point", _published), ("secretariat", _table)):
        client.force_login(role_users[role])
        html = _html(client, meeting)
        assert len(find(html)) == 100 and 'data-testid="pagination"' not in html
        assert 'name="shown"' not in html


def test_page_two_shows_the_next_participants_to_a_focal_point(client, focal_point_user):
    meeting = _meeting(REGISTRATIONS_PER_PAGE + 40)
    client.force_login(focal_point_user)
    first, second = _html(client, meeting), _html(client, meeting, {"page": 2})
    assert len(_published(first)) == REGISTRATIONS_PER_PAGE and len(_published(second)) == 40
    assert set(_published(first)).isdisjoint(_published(second))
    assert pagination_links(first) == ["?page=2"] and pagination_links(second) == ["?page=1"]
    assert "Page 2 of 2" in second


def test_the_secretariat_sees_every_registration_counted_and_a_page_listed(
    client, secretariat_user
):
    meeting = _meeting(REGISTRATIONS_PER_PAGE + 40)
    client.force_login(secretariat_user)
    first, second = _html(client, meeting), _html(client, meeting, {"page": 2})
    assert len(_table(first)) == REGISTRATIONS_PER_PAGE and len(_table(second)) == 40
    assert set(_table(first)).isdisjoint(_table(second))
    summary = f"{REGISTRATIONS_PER_PAGE + 40} registered from 1 member states"
    assert summary in first and summary in second


def test_attendance_saved_on_one_page_leaves_the_other_pages(client, secretariat_user):
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = _meeting(REGISTRATIONS_PER_PAGE + 40, start=start)
    client.force_login(secretariat_user)
    attendance = reverse("meetings:attendance", args=[meeting.pk])
    first_page = _table(_html(client, meeting))
    client.post(attendance, {"attended": first_page})  # the whole list's form: page 1 is all
    second = _html(client, meeting, {"page": 2})
    shown = _table(second)
    assert 'name="shown"' in second
    response = client.post(attendance, {"attended": shown[:10], "shown": shown, "page": "2"})
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert all(statuses[int(pk)] == "attended" for pk in first_page)
    assert [statuses[int(pk)] for pk in shown].count("attended") == 10
    assert [statuses[int(pk)] for pk in shown].count("absent") == 30
    # A registration the page did not show cannot be marked through it.
    client.post(attendance, {"attended": [first_page[0]], "shown": shown, "page": "2"})
    assert Registration.objects.get(pk=first_page[0]).status == "attended"
    assert Registration.objects.filter(pk__in=shown, status="attended").count() == 10


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_a_bad_page_number_is_a_page_not_an_error(client, role_users, page):
    meeting = _meeting(REGISTRATIONS_PER_PAGE + 40)
    client.force_login(role_users["focal_point"])
    expected = REGISTRATIONS_PER_PAGE if page == "abc" else 40
    assert len(_published(_html(client, meeting, {"page": page}))) == expected
    client.force_login(role_users["secretariat"])
    assert len(_table(_html(client, meeting, {"page": page}))) == expected


@pytest.mark.parametrize("role", ["focal_point", "secretariat"])
def test_a_page_of_participants_costs_the_same_queries_at_any_size(client, role_users, role):
    client.force_login(role_users[role])
    client.get(f"/en/meetings/{MeetingFactory().pk}/")  # the session and the role, read once
    counts = []
    for size in (10, 3 * REGISTRATIONS_PER_PAGE):
        meeting = _meeting(size)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(meeting.get_absolute_url(), {"page": 2})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
