"""Whole pages cached per viewer (pesnet/pagecache.py), on the members directory's pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import FocalPoint

from ..factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db

STATE = "/en/members/states/TUR/"
DIRECTORY = "/en/members/secretariat/"


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
