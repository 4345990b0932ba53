import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from governance.models import AccountChange, Affiliation, StaffInvitation
from governance.services import deactivate_account
from members.models import Organisation
from pesnet.models import User
from pesnet.roles import CHAIR, SECRETARIAT

from ..factories import UserFactory, queued_mail

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-passw0rd"


def _invite(client, secretariat_user, capture, **data):
    client.force_login(secretariat_user)
    fields = {
        "role": "secretariat",
        "organisation": "",
        "given_name": "Selin",
        "family_name": "Kaya",
        "email": "selin.kaya@example.org",
        "language": "en",
        **data,
    }
    with capture(execute=True):
        response = client.post(reverse("governance:invite"), fields)
    client.logout()
    return response


def _link(kind="staff_invitation"):
    message = queued_mail(kind)[-1]
    return re.search(r"https?://\S+/network/invitation/\S+/", message.body)[0].split("/", 3)[3]


def test_secretariat_invites_a_colleague_who_signs_up_and_joins_the_secretariat(
    client, secretariat_user, reference_data, django_capture_on_commit_callbacks
):
    response = _invite(client, secretariat_user, django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.content.decode()[:1500]
    invitation = StaffInvitation.objects.get()
    assert invitation.organisation.kind == Organisation.Kind.SECRETARIAT
    link = _link()
    response = client.get("/" + link)
    assert response["Location"] == reverse("account_signup")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"email": "selin.kaya@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )
    assert response.status_code == 302
    user = User.objects.get(email="selin.kaya@example.org")
    assert user.groups.filter(name=SECRETARIAT).exists()
    assert user.affiliation.organisation.slug == "sesric"
    assert (user.first_name, user.last_name) == ("Selin", "Kaya")
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    actions = list(AccountChange.objects.order_by("pk").values_list("action", "by", "email"))
    assert actions == [
        ("invited", secretariat_user.pk, "selin.kaya@example.org"),
        ("joined", user.pk, "selin.kaya@example.org"),
        ("role_granted", secretariat_user.pk, "selin.kaya@example.org"),
    ]
    # Used once.
    client.logout()
    assert client.get("/" + link).status_code == 410


def test_staff_sign_up_is_only_for_the_invited_address(
    client, secretariat_user, reference_data, django_capture_on_commit_callbacks
):
    _invite(client, secretariat_user, django_capture_on_commit_callbacks)
    client.get("/" + _link())
    response = client.post(
        reverse("account_signup"),
        {"email": "intruder@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Use the e-mail address the invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_nobody_invites_themselves_and_bad_names_are_refused(
    client, secretariat_user, reference_data, django_capture_on_commit_callbacks
):
    response = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks, email=secretariat_user.email
    )
    assert response.status_code == 400
    assert "cannot invite yourself" in response.content.decode()
    response = _invite(
        client,
        secretariat_user,
        django_capture_on_commit_callbacks,
        given_name="Se\u202elin",
        family_name="<b>Kaya</b>",
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-given_name"' in body and 'data-testid="error-family_name"' in body
    response = _invite(client, secretariat_user, django_capture_on_commit_callbacks, role="chair")
    assert 'data-testid="error-organisation"' in response.content.decode()
    assert not StaffInvitation.objects.exists()
    assert not AccountChange.objects.exists()


@pytest.mark.parametrize("role", ["focal_point", "chair"])
def test_only_the_secretariat_manages_accounts(client, role_users, role, reference_data):
    user = role_users[role]
    client.force_login(user)
    victim = role_users["secretariat"]
    for name in ("deactivate", "reactivate", "remove_secretariat"):
        response = client.post(reverse(f"governance:{name}", kwargs={"pk": victim.pk}))
        assert response.status_code == 403
    response = client.post(
        reverse("governance:invite"),
        {
            "role": "secretariat",
            "given_name": "A",
            "family_name": "B",
            "email": user.email,
            "language": "en",
        },
    )
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.is_active and victim.groups.filter(name=SECRETARIAT).exists()
    assert not user.groups.filter(name=SECRETARIAT).exists()
    assert not AccountChange.objects.exists()


def test_secretariat_cannot_deactivate_or_demote_itself(client, secretariat_user):
    client.force_login(secretariat_user)
    client.post(reverse("governance:deactivate", kwargs={"pk": secretariat_user.pk}))
    client.post(reverse("governance:remove_secretariat", kwargs={"pk": secretariat_user.pk}))
    secretariat_user.refresh_from_db()
    assert secretariat_user.is_active
    assert secretariat_user.groups.filter(name=SECRETARIAT).exists()


def test_deactivation_stops_the_accounts_sessions_at_once(
    client, secretariat_user, focal_point_user
):
    from django.test import Client

    # The focal point is signed in, with the cached user primed by a first page.
    victim = Client()
    victim.force_login(focal_point_user)
    assert victim.get(reverse("members:directory")).status_code == 200
    assert victim.get(reverse("members:directory")).status_code == 200
    client.force_login(secretariat_user)
    response = client.post(reverse("governance:deactivate", kwargs={"pk": focal_point_user.pk}))
    assert response.status_code == 302
    focal_point_user.refresh_from_db()
    assert not focal_point_user.is_active
    response = victim.get(reverse("members:directory"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    changes = AccountChange.objects.filter(account=focal_point_user).order_by("pk")
    assert [c.action for c in changes] == ["deactivated", "sessions_revoked"]
    assert all(c.by == secretariat_user for c in changes)
    assert "1 session" in changes[1].detail


def test_deactivation_ends_the_session_even_without_the_cache(secretariat_user, chair_user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.models import Session

    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore()
    store["_auth_user_id"] = str(chair_user.pk)
    store.create()
    assert deactivate_account(chair_user, by=secretariat_user) == 1
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert engine.SessionStore().exists(store.session_key) is False


def test_accounts_page_shows_roles_last_sign_in_and_two_factor(
    client, role_users, django_assert_max_num_queries
):
    for _ in range(5):
        UserFactory()
    client.force_login(role_users["secretariat"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:accounts"))
    body = response.content.decode()
    assert response.status_code == 200
    assert role_users["chair"].email in body and role_users["focal_point"].email in body
    assert "Focal point of" in body and "Not set up" in body and "Set up" in body
    many = UserFactory.create_batch(20)
    assert many
    with django_assert_max_num_queries(12):
        assert client.get(reverse("governance:accounts")).status_code == 200


def test_account_changes_page(client, secretariat_user, chair_user):
    deactivate_account(chair_user, by=secretariat_user)
    client.force_login(secretariat_user)
    body = client.get(reverse("governance:account_changes")).content.decode()
    assert "Account deactivated" in body and chair_user.email in body


def test_chair_invitation_names_the_chair_institution(
    client, secretariat_user, reference_data, django_capture_on_commit_callbacks
):
    iskur = Organisation.objects.get(slug="iskur")
    response = _invite(
        client,
        secretariat_user,
        django_capture_on_commit_callbacks,
        role="chair",
        organisation=iskur.pk,
        email="officer@iskur.example.org",
    )
    assert response.status_code == 302
    assert "İŞKUR" in queued_mail("staff_invitation")[-1].body
    # An account that exists signs in and accepts while signed in.
    officer = UserFactory(email="officer@iskur.example.org")
    client.force_login(officer)
    response = client.get("/" + _link(), follow=True)
    assert "the chair role starts with its term" in response.content.decode()
    assert Affiliation.objects.get(user=officer).organisation == iskur
    # İŞKUR's term (2021–2023) is over: no chair role today.
    assert not officer.groups.filter(name=CHAIR).exists()
    assert Group.objects.get(name=CHAIR).user_set.count() == 0
