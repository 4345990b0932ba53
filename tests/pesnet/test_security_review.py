"""Findings of the security review (issue 16) on the core: the page cache, the admin, mail
links, Cache-Control on personal data and the login limits."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from members.models import FocalPoint

from ..factories import DEFAULT_PASSWORD, UserFactory, with_totp

pytestmark = pytest.mark.django_db


def _cache_entries() -> int:
    return sum(len(caches[alias].keys("*")) for alias in django_settings.CACHES)


# --- 2. The page cache: keyed by the parameters the view reads, evictable on its own --------


def test_junk_query_strings_add_no_cache_entries(client, reference_data):
    assert client.get("/en/members/").status_code == 200
    before = _cache_entries()
    for number in range(200):
        response = client.get(f"/en/members/?x={number}&utm_source=crawler{number}")
        assert response.status_code == 200
    assert _cache_entries() - before <= 5


def test_a_page_is_keyed_by_its_declared_parameters_in_a_fixed_order(
    client, secretariat_user, reference_data
):
    client.force_login(secretariat_user)
    client.get("/en/members/secretariat/?status=active&group=arab")
    before = _cache_entries()
    response = client.get("/en/members/secretariat/?group=arab&status=active")
    assert response.status_code == 200
    assert _cache_entries() == before  # the same page, the same entry
    # A parameter the view does not read: rendered, not stored.
    client.get("/en/members/secretariat/?group=arab&status=active&sort=name")
    assert _cache_entries() == before
    # The page number is one it reads (the directory paginates): a page of its own.
    client.get("/en/members/secretariat/?group=arab&status=active&page=2")
    assert _cache_entries() != before


def test_pages_live_in_their_own_evicting_cache_and_rate_limits_do_not():
    pages = django_settings.CACHES["pages"]
    default = django_settings.CACHES["default"]
    # Broker, sessions and allauth's rate limits (which use the default cache) stay on
    # REDIS_URL, which must never evict.
    assert default["LOCATION"] == django_settings.REDIS_URL
    assert pages["LOCATION"] == django_settings.CACHE_URL
    if pages["LOCATION"] != default["LOCATION"]:
        client = caches["pages"].client.get_client(write=False)
        assert client.config_get("maxmemory-policy")["maxmemory-policy"] == "allkeys-lru"
        assert int(client.config_get("maxmemory")["maxmemory"]) > 0


def test_the_compose_file_runs_the_cache_as_an_evicting_redis():
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(django_settings.BASE_DIR) / "docker-compose.yml").read_text())
    command = compose["services"]["cache"]["command"]
    command = " ".join(command) if isinstance(command, list) else command
    assert "--maxmemory-policy allkeys-lru" in command and "--maxmemory " in command
    text = (Path(django_settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert "CACHE_URL" in text


# --- 3. The CSRF placeholder is replaced where the template put it only ----------------------


def test_user_data_containing_the_placeholder_renders_as_typed(client, focal_point_user):
    person = FocalPoint.objects.get(user=focal_point_user)
    typed = "Head pesnet-csrf-token-placeholder of unit"
    FocalPoint.objects.filter(pk=person.pk).update(position=typed)
    client.force_login(focal_point_user)
    url = f"/en/members/states/{person.member_state.iso3}/"
    client.get(url)
    for _ in range(2):  # rendered, then from the cache
        page = client.get(url).content.decode()
        token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert typed in page
        assert token not in page.replace(f'value="{token}"', "")


# --- 6. The admin: the secretariat's rule and MFA for every account that can open it ---------


def test_staff_without_a_role_cannot_open_the_admin(client):
    staff = UserFactory(email="staff.only@example.org", is_staff=True)
    client.force_login(staff)
    response = client.get("/en/admin/")
    assert response.status_code in (302, 403)
    assert "/en/admin/" != response.get("Location")
    assert "Site administration" not in client.get("/en/admin/", follow=True).content.decode()


def test_every_account_that_can_open_the_admin_needs_mfa(client):
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/en/admin/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    with_totp(superuser)
    assert client.get("/en/admin/").status_code == 200


def test_the_secretariat_with_mfa_opens_the_admin(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/en/admin/").status_code == 200


# --- Mail links come from SITE_URL, never from the request's Host ----------------------------


def test_password_reset_and_confirmation_links_use_site_url(
    client, settings, focal_point_user, mailoutbox
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://pesnet.example.org"
    client.post(
        "/en/accounts/password/reset/",
        {"email": focal_point_user.email},
        HTTP_HOST="attacker.example",
    )
    client.post(
        "/en/accounts/password/reset/",
        {"email": "nobody@example.org"},
        HTTP_HOST="attacker.example",
    )
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.create(user=focal_point_user, email="second@example.org")
    from allauth.core import context
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_HOST="attacker.example")
    request.session = client.session
    request.user = focal_point_user
    with context.request_context(request):
        address.send_confirmation(request)
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        links = re.findall(r"https?://[^\s\"'<>]+", message.body)
        assert links, message.body
        assert all(link.startswith("https://pesnet.example.org/") for link in links), links
        assert "attacker.example" not in message.body


# --- Pages and exports with personal data are not stored by browsers or proxies --------------


@pytest.mark.parametrize(
    "name",
    [
        "members:directory",
        "members:secretariat_directory",
        "members:state_detail",
        "members:export:csv",
        "members:export:xlsx",
        "members:vcards",
        "members:vcard",
        "members:directory_pdf",
    ],
)
def test_personal_data_is_sent_private_no_store(client, secretariat_user, focal_point_user, name):
    from django.urls import reverse

    person = FocalPoint.objects.get(user=focal_point_user)
    args = {
        "members:state_detail": [person.member_state.iso3],
        "members:vcard": [person.pk],
        "members:export:csv": ["csv"],
        "members:export:xlsx": ["xlsx"],
    }.get(name, [])
    url = reverse(name.rsplit(":", 1)[0] if name.count(":") == 2 else name, args=args)
    client.force_login(secretariat_user)
    for _ in range(2):  # rendered, then from the page cache
        response = client.get(url)
        assert response.status_code == 200
        control = response.get("Cache-Control", "")
        assert "private" in control and "no-store" in control, control


# --- Login limits: per account and per address; a locked user gets in by a reset link ------


def test_failures_from_one_address_are_limited_across_accounts(client):
    users = [UserFactory(email=f"p{n}@example.org") for n in range(12)]
    refused = []
    for user in users:
        response = client.post(
            "/en/accounts/login/", {"login": user.email, "password": "wrong-password"}
        )
        refused.append("Too many failed login attempts" in response.content.decode())
    assert refused[:10] == [False] * 10 and refused[-1]


def test_a_locked_account_gets_in_through_a_password_reset_link(focal_point_user, mailoutbox):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        attacker.post("/en/accounts/login/", {"login": focal_point_user.email, "password": "wrong"})
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = owner.post(
        "/en/accounts/login/", {"login": focal_point_user.email, "password": DEFAULT_PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    owner.post("/en/accounts/password/reset/", {"email": focal_point_user.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mailoutbox[-1].body)[0]
    path = "/" + link.split("/", 3)[3]
    form_page = owner.get(path, follow=True)
    new = "a-brand-new-passphrase-7"
    owner.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    owner.logout()
    response = owner.post("/en/accounts/login/", {"login": focal_point_user.email, "password": new})
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(focal_point_user.pk)
