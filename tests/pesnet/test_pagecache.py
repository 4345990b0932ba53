"""Whole pages cached per viewer (pesnet/pagecache.py), on the members directory's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import FocalPoint

from ..factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db

STATE = "/en/members/states/TUR/"
DIRECTORY = "/en/members/secretariat/"
NETWORK = "/en/members/directory/"


def _statements(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in context if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    return response.content.decode(), len(sql)


def test_a_flash_message_shows_once_and_is_never_cached(client, focal_point_user):
    person = FocalPoint.objects.get(user=focal_point_user)
    client.force_login(focal_point_user)
    _statements(client, STATE)
    assert _statements(client, STATE)[1] == 0  # cached
    response = client.post(f"/en/members/focal-points/{person.pk}/confirm/", follow=True)
    assert "your details are confirmed as correct" in response.content.decode()
    page, _ = _statements(client, STATE)
    assert "your details are confirmed as correct" not in page
    assert _statements(client, STATE)[1] == 0


def test_each_viewer_gets_their_own_page(client, secretariat_user):
    colleague = UserFactory(email="colleague@example.org", roles=["secretariat"], is_staff=True)
    with_totp(colleague)
    client.force_login(secretariat_user)
    _statements(client, DIRECTORY)
    page, queries = _statements(client, DIRECTORY)
    assert queries == 0 and "secretariat@example.org" in page
    client.force_login(colleague)
    page, queries = _statements(client, DIRECTORY)
    assert queries > 0  # rendered for this viewer
    assert "colleague@example.org" in page and "secretariat@example.org" not in page


def test_language_and_filters_have_their_own_pages(client, secretariat_user, reference_data):
    client.force_login(secretariat_user)
    english, _ = _statements(client, DIRECTORY)
    arabic, _ = _statements(client, "/ar/members/secretariat/")
    assert 'lang="en"' in english and 'lang="ar"' in arabic and "السنغال" in arabic
    filtered, queries = _statements(client, DIRECTORY + "?status=active")
    assert queries > 0
    assert 'data-iso3="SEN"' in english and 'data-iso3="SEN"' not in filtered


def test_nothing_is_cached_while_redis_is_down(client, settings, focal_point_user):
    """Each process then has its own memory: a change made through another process would not
    reach this one's copy. Such a change is played here by an UPDATE that bumps nothing."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    client.force_login(focal_point_user)
    _statements(client, STATE)
    FocalPoint.objects.filter(user=focal_point_user).update(family_name="Changed-elsewhere")
    page, _ = _statements(client, STATE)
    assert "Changed-elsewhere" in page
    assert "pesnet-csrf-token-placeholder" not in page


def _redis_calls():
    from pesnet.metrics import CACHE_CALLS

    return sum(
        sample.value
        for metric in CACHE_CALLS.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels["store"] == "redis"
    )


def test_a_cached_signed_in_page_costs_one_round_trip_to_redis(client, secretariat_user):
    """The session and every generation in one reading: the user and the page are this
    process's copies, validated against that reading."""
    client.force_login(secretariat_user)
    _statements(client, DIRECTORY)
    _statements(client, DIRECTORY)
    before = _redis_calls()
    page, queries = _statements(client, DIRECTORY)
    assert queries == 0
    assert _redis_calls() - before == 1


def test_a_copy_kept_in_this_process_is_not_served_once_another_process_changed_the_data(
    client, secretariat_user, focal_point_user
):
    """Another process (a worker, the other gunicorn worker) writes to PostgreSQL and bumps the
    generation in Redis, with no signal in this process: the next request sees the change."""
    from django.core.cache import cache

    from members.cache import DIRECTORY as DIRECTORY_GENERATION

    client.force_login(secretariat_user)
    person = FocalPoint.objects.get(user=focal_point_user)
    assert "Head of Other-Process Affairs" not in _statements(client, NETWORK)[0]
    assert _statements(client, NETWORK)[1] == 0  # served from this process's copy
    with connection.cursor() as cursor:  # no ORM signal, no bump in this process
        cursor.execute(
            "UPDATE members_focalpoint SET position = %s WHERE id = %s",
            ["Head of Other-Process Affairs", person.pk],
        )
    assert "Head of Other-Process Affairs" not in _statements(client, NETWORK)[0]
    cache.set(DIRECTORY_GENERATION.key, "bumped-by-another-process", None)
    assert "Head of Other-Process Affairs" in _statements(client, NETWORK)[0]


def test_emptying_the_pages_cache_empties_this_process_copies_too(client, secretariat_user):
    from django.core.cache import caches

    client.force_login(secretariat_user)
    _statements(client, NETWORK)
    assert _statements(client, NETWORK)[1] == 0
    pages = caches["pages"]
    pages.delete_pattern("*")
    assert not pages.keys("page:*")
    _statements(client, NETWORK)
    assert pages.keys("page:*")  # rendered again and stored: no copy of this process served it


def test_validated_copies_stay_within_their_memory_and_time():
    from pesnet.cache import ValidatedCopies

    copies = ValidatedCopies(max_bytes=64_000, max_seconds=60)
    for number in range(20):
        copies.put(f"page:{number}", ["a"], "x" * 6_000, 600)
    assert copies._size <= 64_000
    assert copies.get("page:0", ["a"]) is None  # the least recently used went first
    assert copies.get("page:19", ["a"]) == "x" * 6_000
    assert copies.get("page:19", ["b"]) is None  # other stamps: stale, and dropped
    assert copies.get("page:19", ["a"]) is None
    copies.put("page:short", ["a"], "y", 0)
    assert copies.get("page:short", ["a"]) is None  # its timeout has passed
    value = {"rows": [1, 2]}
    copies.put("rows", ["a"], value, 600)
    copies.get("rows", ["a"])["rows"].append(3)  # each reader gets its own objects
    assert copies.get("rows", ["a"]) == {"rows": [1, 2]}
