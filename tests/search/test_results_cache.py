"""The results pages are cached per viewer and audience, and go stale when the index changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.registry import rebuild
from tests.factories import FocalPointFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _get(client, q, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", {"q": q, **params})
    assert response.status_code == 200
    # The request's transaction (savepoints in a test) is not a query of the page.
    statements = [q for q in queries if "SAVEPOINT" not in q["sql"]]
    return response.content.decode(), len(statements)


def test_a_second_visit_is_served_from_the_cache(client, db):
    MeetingFactory(title_en="Seminar on skills anticipation")
    rebuild(["meetings"])
    first, cold = _get(client, "anticipation")
    again, warm = _get(client, "anticipation")
    results = lambda page: page.split('data-testid="results"')[1]  # noqa: E731
    assert results(again) == results(first)
    assert "Seminar on skills <mark>anticipation</mark>" in results(again)
    assert warm == 0 < cold
    # Another page of the results, or another filter, is another page.
    assert _get(client, "anticipation", kind="meeting")[1] > 0
    # A parameter the page does not read is rendered, never stored.
    assert _get(client, "anticipation", utm_source="x")[1] > 0
    assert _get(client, "anticipation", utm_source="x")[1] > 0


def test_any_change_to_the_index_makes_the_cached_pages_stale(
    client, db, django_capture_on_commit_callbacks
):
    assert "Nothing found" in _get(client, "zanzibarique")[0]
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title_en="Zanzibarique regional seminar")
    assert "<mark>Zanzibarique</mark> regional seminar" in _get(client, "zanzibarique")[0]
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
    assert "Nothing found" in _get(client, "zanzibarique")[0]


def test_what_a_member_may_find_never_reaches_an_anonymous_visitor(
    client, focal_point_user, chair_user, secretariat_user
):
    FocalPointFactory(
        given_name="Aminata",
        family_name="Quarshie",
        status="active",
        role="alternate",
        member_state=focal_point_user.focal_points.get().member_state,
    )
    rebuild(["members"])
    for user in (focal_point_user, chair_user, secretariat_user):
        client.force_login(user)
        for _ in range(2):  # rendered, then from the cache
            page = _get(client, "Quarshie")[0]
            assert "Aminata Quarshie" in page
            assert 'data-kind="focal_point">1<' in page
    client.logout()
    for _ in range(2):
        page = _get(client, "Quarshie")[0]
        assert "Aminata" not in page and 'data-kind="focal_point"' not in page
        assert "Nothing found" in page
