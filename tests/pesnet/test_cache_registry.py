"""Caches are invalidated one way (pesnet.cache.watch): each app's cache.py declares which
models move which generation, and saves, deletes and queryset update()/delete() all move it."""

import pytest
from django.core import checks
from django.urls import reverse

from members.models import FocalPoint, Institution
from outbox.models import MESSAGES
from pesnet.auth import USERS
from pesnet.cache import GenerationQuerySet, check_watched_managers, generations_for

pytestmark = pytest.mark.django_db


def _get_twice(client, url):
    assert client.get(url).status_code == 200
    second = client.get(url)  # served from the page cache
    assert second.status_code == 200
    return second.content.decode()


def test_bulk_update_of_focal_points_makes_the_cached_directory_page_stale(
    client, focal_point_user
):
    client.force_login(focal_point_user)
    url = reverse("members:directory")
    person = FocalPoint.objects.get(user=focal_point_user)
    assert "Chief Bulk-Updated Officer" not in _get_twice(client, url)
    FocalPoint.objects.filter(pk=person.pk).update(position="Chief Bulk-Updated Officer")
    assert "Chief Bulk-Updated Officer" in client.get(url).content.decode()


def test_bulk_update_of_focal_points_makes_the_cached_user_stale(client, focal_point_user):
    """The cached user carries the member state they are a focal point of."""
    client.force_login(focal_point_user)
    url = reverse("members:state_detail", kwargs={"iso3": "TUR"})
    _get_twice(client, url)
    FocalPoint.objects.filter(user=focal_point_user).update(status=FocalPoint.Status.SUPERSEDED)
    assert client.get(url).status_code == 404


def test_bulk_delete_and_bulk_create_move_the_generations(focal_point_user):
    before = [g.current() for g in (USERS,)]
    institution = FocalPoint.objects.get(user=focal_point_user).institution
    stamp = generations_for(Institution)[0].current()
    Institution.objects.filter(pk=institution.pk).update(acronym="NEW")
    assert generations_for(Institution)[0].current() != stamp
    FocalPoint.objects.filter(user=focal_point_user).delete()
    assert [g.current() for g in (USERS,)] != before


def test_every_app_declares_its_generations_in_one_registry():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from members.cache import DIRECTORY
    from members.models import Invitation, MemberState
    from outbox.models import OutboxMessage
    from pesnet.navigation import HOME, HOME_WORK
    from workplan.cache import WORKPLAN

    User = get_user_model()
    # The home page shows the nominations; the work plan's pages show the leads' names.
    assert set(generations_for(FocalPoint)) == {USERS, DIRECTORY, HOME}
    assert set(generations_for(MemberState)) == {USERS, DIRECTORY, HOME, WORKPLAN}
    assert generations_for(Institution) == [DIRECTORY]
    assert set(generations_for(Invitation)) == {DIRECTORY, HOME}
    assert set(generations_for(OutboxMessage)) == {MESSAGES, HOME_WORK}
    assert generations_for(User) == [USERS] == generations_for(Group)
    assert generations_for(User.groups.through) == [USERS]
    for model in (FocalPoint, MemberState, Institution, Invitation, OutboxMessage, User):
        assert isinstance(model.objects.all(), GenerationQuerySet), model
    assert check_watched_managers() == []


def test_a_watched_model_without_the_queryset_fails_the_system_check(monkeypatch):
    from django.db.models import QuerySet

    monkeypatch.setattr(Institution.objects, "get_queryset", lambda: QuerySet(Institution))
    errors = check_watched_managers()
    assert [error.id for error in errors] == ["pesnet.E001"]
    assert isinstance(errors[0], checks.Error)
