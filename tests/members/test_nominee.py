"""A nominee's first day: from the accepted invitation to the active focal point, on a page of
their own, with the secretariat reviewing the submitted details and asking for corrections."""

import re

import pytest
from django.urls import reverse

from members import services
from members.models import FocalPoint, Invitation

from ..factories import FocalPointFactory, UserFactory, queued_mail
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _details(person, **changes):
    return {
        "honorific": "dr",
        "given_name": person.given_name,
        "family_name": person.family_name,
        "position": "Director of Employment Services",
        "institution": person.institution_id or "",
        "email": person.email,
        "phone": "+90 312 292 29 00",
        "mobile": "",
        "preferred_language": person.preferred_language,
        "time_zone": "Europe/Istanbul",
        **changes,
    }


@pytest.fixture
def nominee(states, secretariat_user, django_capture_on_commit_callbacks):
    """Karim accepted his invitation as alternate of Türkiye this morning."""
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            by=secretariat_user,
            member_state=states["TUR"],
            role="alternate",
            email="karim.nominee@example.org",
            given_name="Karim",
            family_name="Benali",
            language="ar",
        )
    user = UserFactory(email="karim.nominee@example.org", preferred_language="ar")
    person = services.accept_invitation(Invitation.objects.get(pk=invitation.pk), by=user)
    return user, person


def test_accepting_leads_to_a_page_of_their_own_and_the_state_page_does_not_404(client, nominee):
    user, person = nominee
    client.force_login(user)
    page_url = reverse("members:nomination", kwargs={"pk": person.pk})
    # Their state's page sends them to their nomination rather than refusing.
    response = client.get(reverse("members:state_detail", kwargs={"iso3": "TUR"}))
    assert (response.status_code, response["Location"]) == (302, page_url)
    page = client.get(page_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "My nomination" in html and "karim.nominee@example.org" in html
    steps = dict(re.findall(r'data-step="(\w+)" data-done="(\w+)"', html))
    assert steps == {
        "invited": "true",
        "details": "false",
        "letter": "false",
        "verified": "false",
        "active": "false",
    }
    needs = html.split('data-testid="nomination-needs"')[1].split("</ul>")[0]
    assert "contact details" in needs and "nomination letter" in needs


def test_the_nominee_completes_their_details_at_once(client, nominee):
    user, person = nominee
    client.force_login(user)
    edit = reverse("members:focal_point_edit", kwargs={"pk": person.pk})
    assert client.get(edit).status_code == 200
    # Bad input: an error beside the field, nothing stored.
    bad = client.post(edit, _details(person, position="<script>x</script>"))
    assert bad.status_code == 200 and "HTML is not allowed" in bad.content.decode()
    person.refresh_from_db()
    assert person.position == ""
    response = client.post(edit, _details(person))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:nomination", kwargs={"pk": person.pk})
    person.refresh_from_db()
    assert person.position == "Director of Employment Services"
    assert person.status == FocalPoint.Status.SUBMITTED
    html = client.get(response["Location"]).content.decode()
    assert 'data-step="details" data-done="true"' in html


def test_a_focal_point_of_another_state_never_reaches_the_nominee_page(
    client, nominee, other_state_focal_point
):
    _user, person = nominee
    client.force_login(other_state_focal_point.user)
    for name in ("nomination", "focal_point_edit", "request_corrections"):
        url = reverse(f"members:{name}", kwargs={"pk": person.pk})
        assert client.get(url).status_code == 404, name
    # Someone with an account and no role: nothing either.
    client.force_login(UserFactory())
    assert client.get(reverse("members:nomination", kwargs={"pk": person.pk})).status_code == 404


def test_the_states_focal_point_sees_the_nominee_but_cannot_edit_or_verify(
    client, nominee, focal_point_user
):
    _user, person = nominee
    client.force_login(focal_point_user)
    assert client.get(reverse("members:nomination", kwargs={"pk": person.pk})).status_code == 200
    assert (
        client.get(reverse("members:focal_point_edit", kwargs={"pk": person.pk})).status_code == 403
    )
    assert (
        client.get(reverse("members:request_corrections", kwargs={"pk": person.pk})).status_code
        == 403
    )


def test_the_secretariat_asks_for_corrections_in_the_nominees_language(
    client, nominee, secretariat_user, django_capture_on_commit_callbacks
):
    user, person = nominee
    client.force_login(secretariat_user)
    review = client.get(reverse("members:nomination", kwargs={"pk": person.pk})).content.decode()
    assert "karim.nominee@example.org" in review and 'data-testid="request-corrections"' in review
    url = reverse("members:request_corrections", kwargs={"pk": person.pk})
    # Bad input: refused beside the field, nothing sent.
    assert client.post(url, {"note": ""}).status_code == 200
    assert client.post(url, {"note": "a\u202eb"}).status_code == 200
    assert queued_mail("corrections") == []
    note = "Please give your office phone and your position as in the ministry's letter."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": note})
    assert response.status_code == 302
    [message] = queued_mail("corrections")
    assert message.to == ["karim.nominee@example.org"]
    assert message.language == "ar"
    assert note in message.body
    edit = reverse("members:focal_point_edit", kwargs={"pk": person.pk}).replace("/en/", "/ar/")
    assert edit in message.body
    # The nominee sees the request on their page until they save their details again.
    client.force_login(user)
    page_url = reverse("members:nomination", kwargs={"pk": person.pk})
    assert 'data-testid="corrections-requested"' in client.get(page_url).content.decode()
    person.refresh_from_db()
    client.post(reverse("members:focal_point_edit", kwargs={"pk": person.pk}), _details(person))
    assert 'data-testid="corrections-requested"' not in client.get(page_url).content.decode()


def test_the_timeline_follows_the_nomination_to_active(
    client, nominee, secretariat_user, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user, person = nominee
    client.force_login(user)
    client.post(reverse("members:focal_point_edit", kwargs={"pk": person.pk}), _details(person))
    person.refresh_from_db()
    services.record_nomination(
        person,
        by=secretariat_user,
        letter=SimpleUploadedFile("letter.pdf", pdf_bytes(), content_type="application/pdf"),
        sending_authority="ministry",
    )
    services.verify_nomination(person, by=secretariat_user)
    html = client.get(reverse("members:nomination", kwargs={"pk": person.pk})).content.decode()
    steps = dict(re.findall(r'data-step="(\w+)" data-done="(\w+)"', html))
    assert set(steps.values()) == {"true"}
    assert 'data-testid="nomination-needs"' not in html
    # Now a focal point: their state's page opens to them.
    assert client.get(reverse("members:state_detail", kwargs={"iso3": "TUR"})).status_code == 200


def test_asking_for_corrections_is_only_for_pending_nominations(secretariat_user, states):
    from pesnet.errors import DomainError

    active = FocalPointFactory(member_state=states["TUR"])
    with pytest.raises(DomainError):
        services.request_corrections(active, by=secretariat_user, note="Check the phone.")
