"""Every form: invalid e-mail and phone, over-long text, control and bidi-override characters,
HTML. A translated error next to the field, nothing stored, never a 500."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import FocalPoint, Invitation

pytestmark = pytest.mark.django_db

BAD_NAMES = [
    "Ali\u202eevil",  # right-to-left override
    "\u2066Ali\u2069",  # isolates
    "Ali\u200fBaba",  # bidi mark
    "Ali\x07",  # control character
    "<script>alert(1)</script>",
    "Ali <b>Baba</b>",
    "x" * 101,
]


@pytest.fixture
def own_focal_point(focal_point_user):
    return FocalPoint.objects.get(user=focal_point_user)


def _invite_data(**overrides):
    return {
        "role": "primary",
        "given_name": "Karim",
        "family_name": "Benali",
        "email": "karim@example.org",
        "language": "en",
        **overrides,
    }


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_invitation_form_refuses_bad_names(client, secretariat_user, states, bad):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("members:invite", kwargs={"iso3": "DZA"}), _invite_data(given_name=bad)
    )
    assert response.status_code == 200
    assert 'data-testid="error-given_name"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "email", ["not-an-email", "a@b", "ali\u202e@example.org", "x" * 250 + "@e.org"]
)
def test_invitation_form_refuses_bad_emails(client, secretariat_user, states, email):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("members:invite", kwargs={"iso3": "DZA"}), _invite_data(email=email)
    )
    assert response.status_code == 200
    assert 'data-testid="error-email"' in response.content.decode()
    assert not Invitation.objects.exists()


def _details(person, **overrides):
    return {
        "honorific": "mr",
        "given_name": person.given_name,
        "family_name": person.family_name,
        "position": "Head",
        "email": person.email,
        "phone": "",
        "mobile": "",
        "preferred_language": "en",
        "time_zone": "",
        **overrides,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("phone", "call me"),
        ("mobile", "+90 123"),
        ("email", "nobody"),
        ("position", "p" * 201),
        ("position", "<a href=x>y</a>"),
        ("family_name", "Aydın\u202e"),
        ("preferred_language", "de"),
        ("time_zone", "Mars/Olympus"),
        ("honorific", "king"),
    ],
)
def test_own_details_form_refuses_bad_input(client, own_focal_point, field, value):
    client.force_login(own_focal_point.user)
    before = FocalPoint.objects.filter(pk=own_focal_point.pk).values().get()
    response = client.post(
        reverse("members:focal_point_edit", kwargs={"pk": own_focal_point.pk}),
        _details(own_focal_point, **{field: value}),
    )
    assert response.status_code == 200
    assert f'data-testid="error-{field}"' in response.content.decode()
    assert FocalPoint.objects.filter(pk=own_focal_point.pk).values().get() == before


def test_errors_are_translated(client, own_focal_point):
    client.force_login(own_focal_point.user)
    with translation.override("ar"):
        url = reverse("members:focal_point_edit", kwargs={"pk": own_focal_point.pk})
    response = client.post(url, _details(own_focal_point, family_name="A\u202eB"))
    with translation.override("ar"):
        expected = translation.gettext(
            "Remove control or text-direction characters from this field."
        )
    assert expected != "Remove control or text-direction characters from this field."
    assert expected in response.content.decode()


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_propose_alternate_refuses_bad_names(client, own_focal_point, bad):
    client.force_login(own_focal_point.user)
    response = client.post(
        reverse("members:propose_alternate", kwargs={"iso3": "TUR"}),
        {
            "given_name": "Elif",
            "family_name": bad,
            "email": "e@example.org",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="error-family_name"' in response.content.decode()
    assert FocalPoint.objects.count() == 1


def test_new_nomination_refuses_html_and_fake_pdf(client, secretariat_user, states):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat_user)
    response = client.post(
        reverse("members:nominate", kwargs={"iso3": "SEN"}),
        {
            "role": "primary",
            "given_name": "Awa",
            "family_name": "Ndiaye",
            "email": "awa@example.org",
            "preferred_language": "fr",
            "letter": SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>"),
            "sending_authority": "ministry",
            "sending_authority_name": "<i>Ministry</i>",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-letter"' in page
    assert 'data-testid="error-sending_authority_name"' in page
    assert not FocalPoint.objects.filter(email="awa@example.org").exists()


def test_unknown_objects_and_tokens_answer_404(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/en/members/states/XXX/").status_code == 404
    assert client.get("/en/members/focal-points/999999/edit/").status_code == 404
    assert client.get("/en/members/secretariat/export.exe").status_code == 404
    client.logout()
    assert client.get("/en/members/invitation/" + "a" * 300 + "/").status_code == 404
