"""Findings of the security review (issue 16) on the members app: an invitee's sign-up that
another user could block, and two verifications of one role at once."""

import threading
import time

import pytest
from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from members.models import FocalPoint, Invitation
from pesnet.models import User

from ..factories import FocalPointFactory, UserFactory, with_totp
from .test_invitations import _invite, _sign_up

# --- 1. Nobody blocks an invitee's sign-up by claiming the invited address -------------------


@pytest.mark.django_db
def test_an_unverified_claim_on_the_invited_address_does_not_block_the_invitee(
    client, secretariat_user, focal_point_user, states, django_capture_on_commit_callbacks
):
    invitation, _message, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    # The attack: the outgoing focal point adds the invited address to their own account.
    attacker = Client()
    attacker.force_login(focal_point_user)
    attacker.post(reverse("account_email"), {"email": invitation.email, "action_add": ""})
    # Whatever the e-mail page allowed, a claim left behind by some other path is unverified.
    EmailAddress.objects.get_or_create(
        user=focal_point_user, email=invitation.email, defaults={"verified": False}
    )
    response = _sign_up(client, link, invitation.email, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert client.session["_auth_user_id"] == str(user.pk)  # signed in
    assert user.emailaddress_set.get().verified
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED and invitation.accepted_by == user
    # The claim is gone; the other account keeps its own, verified address.
    assert not EmailAddress.objects.filter(user=focal_point_user, email=invitation.email).exists()
    assert EmailAddress.objects.get(user=focal_point_user).email == focal_point_user.email


@pytest.mark.django_db
def test_focal_points_add_no_email_addresses_on_the_account_page(client, focal_point_user):
    client.force_login(focal_point_user)
    client.post(reverse("account_email"), {"email": "other@example.org", "action_add": ""})
    assert list(
        EmailAddress.objects.filter(user=focal_point_user).values_list("email", flat=True)
    ) == [focal_point_user.email]
    # Even an account that has no address on record yet cannot add one there.
    EmailAddress.objects.filter(user=focal_point_user).delete()
    client.post(reverse("account_email"), {"email": "other@example.org", "action_add": ""})
    assert not EmailAddress.objects.filter(email="other@example.org").exists()


# --- 4. Two verifications of the same role at once: no 500 ------------------------------------


@pytest.fixture
def _role_groups(transactional_db):
    """A transactional test flushes the database, groups included: put the roles back."""
    from django.contrib.auth.models import Group

    from pesnet.roles import ROLE_GROUPS

    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


@pytest.mark.django_db(transaction=True)
def test_two_nominations_of_one_role_verified_at_once(_role_groups, reference_data):
    from members.models import MemberState

    turkiye = MemberState.objects.get(iso3="TUR")
    current = FocalPointFactory(member_state=turkiye, role="primary", email="old@example.org")
    nominees = [
        FocalPointFactory(
            member_state=turkiye,
            role="primary",
            status="submitted",
            email=f"nominee{n}@example.org",
            nomination_letter="letters/x.pdf",
            sending_authority="ministry",
        )
        for n in range(2)
    ]
    browsers = []
    for n in range(2):
        officer = UserFactory(email=f"officer{n}@example.org", roles=["secretariat"], is_staff=True)
        with_totp(officer)
        browser = Client(raise_request_exception=False)
        browser.force_login(officer)
        browsers.append(browser)
    statuses, errors = [], []

    def verify(browser, nominee):
        try:
            response = browser.post(reverse("members:verify", kwargs={"pk": nominee.pk}))
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=verify, args=(browser, nominee))
        for browser, nominee in zip(browsers, nominees, strict=True)
    ]
    # Hold the current focal point's row so that both verifications are under way together.
    with transaction.atomic():
        FocalPoint.objects.select_for_update().get(pk=current.pk)
        for thread in threads:
            thread.start()
        time.sleep(1.5)
    for thread in threads:
        thread.join(30)
    assert not errors
    assert sorted(statuses) == [302, 302]
    active = FocalPoint.objects.filter(member_state=turkiye, role="primary", status="active")
    assert active.count() == 1 and active.get().pk in {n.pk for n in nominees}
    current.refresh_from_db()
    assert current.status == FocalPoint.Status.SUPERSEDED
