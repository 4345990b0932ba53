import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import FocalPoint, Invitation
from outbox.sending import send_due_messages
from pesnet.models import User

from ..factories import queued_mail

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-passw0rd"


def _invite(client, secretariat_user, capture, *, language="en", email="new.person@example.org"):
    client.force_login(secretariat_user)
    with capture(execute=True):
        response = client.post(
            reverse("members:invite", kwargs={"iso3": "DZA"}),
            {
                "role": "primary",
                "given_name": "Karim",
                "family_name": "Benali",
                "email": email,
                "language": language,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    message = queued_mail("invitation")[-1]
    link = re.search(r"https?://\S+/members/invitation/\S+/", message.body)[0]
    return Invitation.objects.get(email=email), message, link.split("/", 3)[3]


def _sign_up(client, path, email, capture):
    response = client.get("/" + path)
    assert response.status_code == 302 and response["Location"] == reverse("account_signup")
    page = client.get(response["Location"])
    assert email in page.content.decode()
    with capture(execute=True):
        return client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


@pytest.mark.django_db(transaction=True)
def test_invitation_email_is_multipart_in_the_invitees_language(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    invitation, _queued, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks, language="ar"
    )
    # What the outbox's sender hands to the mail server.
    assert send_due_messages().sent == 1
    message = mail.outbox[-1]
    assert message.to == ["Karim Benali <new.person@example.org>"]
    assert "الجزائر" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert link.startswith("ar/members/invitation/")
    assert link in html
    # Only the hash of the token is stored.
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=13)


def test_invitee_signs_up_through_the_link_once(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    invitation, _message, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    response = _sign_up(client, link, invitation.email, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert user.emailaddress_set.get().verified  # the link proved the address
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.accepted_by == user
    focal_point = invitation.focal_point
    assert focal_point.user == user
    assert (focal_point.status, focal_point.role) == (FocalPoint.Status.SUBMITTED, "primary")
    assert focal_point.member_state.iso3 == "DZA"
    assert (user.first_name, user.last_name) == ("Karim", "Benali")
    # Used once: the link no longer opens sign-up.
    client.logout()
    page = client.get("/" + link)
    assert page.status_code == 410
    assert "accepted already" in page.content.decode()
    assert "pesnet_invitation" not in client.session


def test_sign_up_is_only_for_the_invited_address(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    invitation, _message, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    client.get("/" + link)
    response = client.post(
        reverse("account_signup"),
        {"email": "someone.else@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "Use the e-mail address the invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email="someone.else@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_expired_invitation_cannot_be_used(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    invitation, _message, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get("/" + link)
    assert page.status_code == 410
    assert "expired" in page.content.decode()
    assert client.get(reverse("account_signup")).context.get("form") is None


def test_revoked_invitation_cannot_be_used_and_resend_makes_a_new_link(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    invitation, _message, old_link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:invitation_resend", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    new_link = re.search(r"/(\w\w/members/invitation/\S+/)", queued_mail("invitation")[-1].body)[1]
    assert new_link != old_link
    client.post(reverse("members:invitation_revoke", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED
    client.logout()
    assert client.get("/" + old_link).status_code == 404  # replaced by the resend
    page = client.get("/" + new_link)
    assert page.status_code == 410 and "withdrawn" in page.content.decode()
    # A revoked invitation is not sent again.
    client.force_login(secretariat_user)
    client.post(reverse("members:invitation_resend", kwargs={"pk": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_invitation_is_refused_twice_for_the_same_open_address(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    _invite(client, secretariat_user, django_capture_on_commit_callbacks)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("members:invite", kwargs={"iso3": "DZA"}),
        {
            "role": "alternate",
            "given_name": "Karim",
            "family_name": "Benali",
            "email": "NEW.person@example.org",
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert "open invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_existing_account_accepts_when_signed_in(
    client, secretariat_user, focal_point_user, states, django_capture_on_commit_callbacks
):
    """A focal point of one role invited to another state's role: no second account."""
    invitation, _message, link = _invite(
        client,
        secretariat_user,
        django_capture_on_commit_callbacks,
        email=focal_point_user.email,
    )
    response = client.get("/" + link)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(focal_point_user)
    response = client.get("/" + link)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by == focal_point_user


def test_accept_service_refuses_reuse(secretariat_user, focal_point_user, states):
    invitation = services.invite(
        by=secretariat_user,
        member_state=states["DZA"],
        role="alternate",
        email=focal_point_user.email,
        given_name="A",
        family_name="B",
        language="en",
    )
    services.accept_invitation(invitation, by=focal_point_user)
    with pytest.raises(services.DomainError):
        services.accept_invitation(invitation, by=focal_point_user)


def test_an_active_focal_point_without_account_is_linked_not_duplicated(
    client, secretariat_user, states, django_capture_on_commit_callbacks
):
    """Nominated by letter and verified before having an account: the invitation links it."""
    from ..factories import FocalPointFactory

    person = FocalPointFactory(
        member_state=states["DZA"], email="new.person@example.org", status="active"
    )
    invitation, _message, link = _invite(
        client, secretariat_user, django_capture_on_commit_callbacks
    )
    _sign_up(client, link, invitation.email, django_capture_on_commit_callbacks)
    person.refresh_from_db()
    assert person.user.email == "new.person@example.org"
    assert person.status == "active"
    assert FocalPoint.objects.filter(member_state=states["DZA"]).count() == 1
