import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "direction", "stylesheet"),
    [
        ("ar", "rtl", "bootstrap.rtl.min.css"),
        ("en", "ltr", "bootstrap.min.css"),
        ("fr", "ltr", "bootstrap.min.css"),
    ],
)
def test_home_page_sets_language_and_direction(client, language, direction, stylesheet):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert f"vendor/bootstrap/css/{stylesheet}" in html
    assert "cdn" not in html.lower()


def test_home_page_is_translated(client):
    assert "What the portal offers" in client.get("/en/").content.decode()
    assert "ما تقدمه البوابة" in client.get("/ar/").content.decode()
    assert "Ce que propose le portail" in client.get("/fr/").content.decode()


def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"accept-language": "ar"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_language_switcher_keeps_the_current_page(client):
    page = client.get("/en/accounts/login/").content.decode()
    form = re.search(
        r'<form action="(?P<action>[^"]+)" method="post" class="language-switcher"', page
    )
    assert form, "every page carries the language switcher"
    assert 'name="next" type="hidden" value="/en/accounts/login/"' in page
    response = client.post(form["action"], {"language": "ar", "next": "/en/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/login/"
    assert 'dir="rtl"' in client.get(response["Location"]).content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert 'style="' not in response.content.decode()
