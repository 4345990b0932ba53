"""The signed-in user and their role data come from the cache (pesnet/auth.py); every change
that decides what they may do takes effect on their next request."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.cache import cache

from members.models import FocalPoint
from pesnet.cache import Generation
from pesnet.roles import SECRETARIAT

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/members/secretariat/"


def _warm(client, user, url=DIRECTORY, status=200):
    client.force_login(user)
    assert client.get(url).status_code == status
    assert client.get(url).status_code == status  # now served from the cached user


def test_leaving_the_secretariat_group_takes_effect_at_once(client, secretariat_user):
    _warm(client, secretariat_user)
    secretariat_user.groups.remove(Group.objects.get(name=SECRETARIAT))
    assert client.get(DIRECTORY).status_code == 403


def test_deleting_the_last_authenticator_sends_the_secretariat_to_set_up_mfa(
    client, secretariat_user
):
    _warm(client, secretariat_user)
    Authenticator.objects.filter(user=secretariat_user).delete()
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_a_deactivated_account_is_signed_out(client, secretariat_user):
    _warm(client, secretariat_user)
    secretariat_user.is_active = False
    secretariat_user.save()
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_password_change_elsewhere_ends_this_session(client, secretariat_user):
    _warm(client, secretariat_user)
    secretariat_user.set_password("a-completely-new-passphrase-2026")
    secretariat_user.save()
    assert client.get(DIRECTORY).status_code == 302


def test_a_superseded_focal_point_no_longer_sees_the_state_page(client, focal_point_user):
    url = "/en/members/states/TUR/"
    _warm(client, focal_point_user, url)
    person = FocalPoint.objects.get(user=focal_point_user)
    person.status = FocalPoint.Status.SUPERSEDED
    person.save()
    assert client.get(url).status_code == 404


def test_with_redis_down_the_user_is_read_from_the_database(client, settings, secretariat_user):
    """A per-process cache would keep a change from reaching the other processes."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    _warm(client, secretariat_user)
    secretariat_user.groups.remove(Group.objects.get(name=SECRETARIAT))
    assert client.get(DIRECTORY).status_code == 403


def test_generations_are_renewed_when_redis_comes_back(settings):
    """A bump made while Redis was down reached local memory only: on the way back every
    generation gets a new value, so nothing cached before the outage is served."""
    from django.core.cache import caches

    generation = Generation("test:generation")
    try:
        before = generation.current()
        backend = caches["default"]
        backend._missed_bumps = True  # as after an outage
        cache.get("anything")  # the first call that reaches Redis again
        assert generation.current() != before
        assert backend._missed_bumps is False
    finally:
        Generation.registry.remove(generation)


def test_bumps_in_a_deferred_block_happen_once_at_its_end():
    generation = Generation("test:deferred")
    try:
        before = generation.current()
        with generation.deferred():
            generation.bump()
            with generation.deferred():
                generation.bump()
            assert generation.current() == before  # not yet: the sender's batch is running
        assert generation.current() != before
    finally:
        Generation.registry.remove(generation)
