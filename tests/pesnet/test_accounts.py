import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from pesnet.models import User

from ..factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_open_sign_up_is_refused(client):
    page = client.get("/en/accounts/signup/")
    assert page.status_code == 200
    assert "Sign Up Closed" in page.content.decode() or "closed" in page.content.decode().lower()
    client.post(
        "/en/accounts/signup/",
        {
            "email": "intruder@example.org",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_login_with_email(client, focal_point_user):
    response = client.post(
        "/en/accounts/login/", {"login": focal_point_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == focal_point_user


def test_secretariat_without_mfa_is_sent_to_mfa_setup(client):
    user = UserFactory(email="new.officer@example.org", roles=["secretariat"], is_staff=True)
    client.post("/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up MFA stays reachable: allauth asks for the password once more, then shows it.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "otpauth" in page.content.decode() or "data:image" in page.content.decode()


def test_chair_without_mfa_is_sent_to_mfa_setup(client):
    user = UserFactory(email="new.chair@example.org", roles=["chair"])
    client.force_login(user)
    assert client.get("/en/admin/").status_code == 302
    assert client.get("/fr/")["Location"] == reverse("mfa_activate_totp")


def test_focal_point_needs_no_mfa(client, focal_point_user):
    client.force_login(focal_point_user)
    assert client.get("/en/").status_code == 200


def test_secretariat_login_asks_for_the_second_factor(client, secretariat_user):
    response = client.post(
        "/en/accounts/login/", {"login": secretariat_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    response = client.post(response["Location"], {"code": totp_code(secretariat_user.totp_secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat_user.pk)


def test_ten_wrong_passwords_are_rate_limited(client, focal_point_user):
    limited = []
    for _ in range(10):
        response = client.post(
            "/en/accounts/login/", {"login": focal_point_user.email, "password": "wrong-password"}
        )
        limited.append("Too many failed login attempts" in response.content.decode())
    # Five failures per account within five minutes are allowed; the rest are refused.
    assert limited == [False] * 5 + [True] * 5
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/en/accounts/login/", {"login": focal_point_user.email, "password": DEFAULT_PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limit_message_is_translated(client, focal_point_user):
    for _ in range(6):
        response = client.post(
            "/ar/accounts/login/", {"login": focal_point_user.email, "password": "wrong-password"}
        )
    assert "Too many failed login attempts" not in response.content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_admin_refuses_signed_in_non_staff(client, chair_user):
    client.force_login(chair_user)
    assert client.get("/en/admin/", follow=True).status_code == 403


def test_password_reset_by_email(client, focal_point_user, mailoutbox):
    response = client.post("/en/accounts/password/reset/", {"email": focal_point_user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [focal_point_user.email]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", message.body)[0]
    path = link.split("testserver", 1)[-1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7"},
    )
    assert response.status_code == 302
    focal_point_user.refresh_from_db()
    assert focal_point_user.check_password("a-brand-new-passphrase-7")


def test_unverified_email_cannot_sign_in(client, mailoutbox):
    user = UserFactory(email="unverified@example.org")
    user.emailaddress_set.update(verified=False)
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert mailoutbox and mailoutbox[0].to == [user.email]


def test_pages_and_sign_in_keep_working_when_redis_is_down(client, settings, focal_point_user):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert client.get("/ar/").status_code == 200
    assert client.get("/healthz").status_code == 503
    response = client.post(
        "/en/accounts/login/", {"login": focal_point_user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(focal_point_user.pk)


def test_login_rate_limit_still_holds_while_redis_is_down(client, settings, focal_point_user):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    limited = []
    for _ in range(7):
        response = client.post(
            "/en/accounts/login/", {"login": focal_point_user.email, "password": "wrong-password"}
        )
        limited.append("Too many failed login attempts" in response.content.decode())
    assert limited == [False] * 5 + [True] * 2
