from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import services
from members.models import FocalPoint

from ..factories import FocalPointFactory, UserFactory
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _letter(content=None, name="letter.pdf"):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def _record(client, focal_point, **extra):
    data = {
        "letter": _letter(),
        "sending_authority": "mission",
        "sending_authority_name": "Permanent Mission to the OIC",
        "effective_from": "2026-12-01",
        **extra,
    }
    return client.post(reverse("members:record_nomination", kwargs={"pk": focal_point.pk}), data)


def test_record_then_verify_supersedes_the_previous_focal_point(
    client, secretariat_user, focal_point_user, pending_nominee
):
    previous = FocalPointFactory(
        member_state=pending_nominee.member_state, role="alternate", email="old.alt@example.org"
    )
    client.force_login(secretariat_user)
    assert _record(client, pending_nominee).status_code == 302
    pending_nominee.refresh_from_db()
    assert pending_nominee.nomination_letter.name.startswith("nominations/")
    assert pending_nominee.nomination_recorded_by == secretariat_user
    response = client.post(reverse("members:verify", kwargs={"pk": pending_nominee.pk}))
    assert response.status_code == 302
    pending_nominee.refresh_from_db()
    previous.refresh_from_db()
    assert pending_nominee.status == FocalPoint.Status.ACTIVE
    assert pending_nominee.verified_by == secretariat_user
    assert previous.status == FocalPoint.Status.SUPERSEDED  # kept, not deleted
    assert previous.effective_to is not None
    # The primary (another role) is untouched.
    assert FocalPoint.objects.get(user=focal_point_user).status == FocalPoint.Status.ACTIVE
    # The state page lists the superseded person among the past focal points.
    page = client.get(reverse("members:state_detail", kwargs={"iso3": "TUR"}))
    assert previous.full_name in page.content.decode()


def test_history_records_who_changed_what(client, secretariat_user, pending_nominee):
    client.force_login(secretariat_user)
    _record(client, pending_nominee)
    client.post(reverse("members:verify", kwargs={"pk": pending_nominee.pk}))
    latest = pending_nominee.history.latest()
    assert latest.history_user == secretariat_user
    assert latest.status == "active"
    page = client.get(reverse("members:state_detail", kwargs={"iso3": "TUR"})).content.decode()
    assert str(secretariat_user) in page
    assert "nomination letter" in page  # the changed field is named


def test_nominee_cannot_verify_their_own_nomination(secretariat_user, pending_nominee):
    pending_nominee.user = secretariat_user
    pending_nominee.save()
    services.record_nomination(
        pending_nominee, by=secretariat_user, letter=_letter(), sending_authority="ministry"
    )
    with pytest.raises(services.DomainError):
        services.verify_nomination(pending_nominee, by=secretariat_user)
    pending_nominee.refresh_from_db()
    assert pending_nominee.status == FocalPoint.Status.SUBMITTED


def test_verification_needs_a_recorded_letter(client, secretariat_user, pending_nominee):
    client.force_login(secretariat_user)
    client.post(reverse("members:verify", kwargs={"pk": pending_nominee.pk}))
    pending_nominee.refresh_from_db()
    assert pending_nominee.status == FocalPoint.Status.SUBMITTED


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a not a pdf at all", "letter.pdf", "not a PDF"),
        (b"%PDF-1.7\nthis is not really a pdf", "letter.pdf", "not a readable PDF"),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), "big.pdf", "larger than 10 MB"),
    ],
)
def test_fake_or_large_pdfs_are_refused(
    client, secretariat_user, pending_nominee, content, name, message
):
    client.force_login(secretariat_user)
    response = _record(client, pending_nominee, letter=_letter(content, name))
    assert response.status_code == 200
    assert message in response.content.decode()
    pending_nominee.refresh_from_db()
    assert not pending_nominee.nomination_letter
    assert pending_nominee.nomination_recorded_at is None


def test_letter_is_served_to_the_secretariat_only(
    client, secretariat_user, focal_point_user, chair_user, pending_nominee
):
    client.force_login(secretariat_user)
    _record(client, pending_nominee)
    url = reverse("members:nomination_letter", kwargs={"pk": pending_nominee.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(focal_point_user)  # same state: forbidden action
    assert client.get(url).status_code == 403
    client.force_login(chair_user)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    # Stored outside the public media folder.
    pending_nominee.refresh_from_db()
    path = Path(pending_nominee.nomination_letter.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    # A letter lost from storage (a partial restore) is a 404 for the secretariat, not a 500.
    path.unlink()
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 404


def test_new_nomination_with_letter_creates_a_pending_focal_point(client, secretariat_user, states):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("members:nominate", kwargs={"iso3": "SEN"}),
        {
            "role": "primary",
            "given_name": "Awa",
            "family_name": "Ndiaye",
            "email": "awa.ndiaye@example.org",
            "preferred_language": "fr",
            "letter": _letter(),
            "sending_authority": "ministry",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = FocalPoint.objects.get(email="awa.ndiaye@example.org")
    assert person.status == FocalPoint.Status.SUBMITTED and person.nomination_recorded


def test_focal_point_proposes_an_alternate_for_the_secretariat_to_verify(client, focal_point_user):
    client.force_login(focal_point_user)
    response = client.post(
        reverse("members:propose_alternate", kwargs={"iso3": "TUR"}),
        {
            "given_name": "Elif",
            "family_name": "Kaya",
            "email": "elif.kaya@example.org",
            "preferred_language": "en",
            "phone": "+90 312 292 29 02",
        },
    )
    assert response.status_code == 302
    proposed = FocalPoint.objects.get(email="elif.kaya@example.org")
    assert (proposed.role, proposed.status) == ("alternate", "submitted")
    assert proposed.proposed_by == focal_point_user
    assert proposed.history.latest().history_user == focal_point_user


def test_focal_point_edits_and_confirms_own_details(client, focal_point_user):
    person = FocalPoint.objects.get(user=focal_point_user)
    client.force_login(focal_point_user)
    url = reverse("members:focal_point_edit", kwargs={"pk": person.pk})
    page = client.get(url).content.decode()
    assert "phones_shared" not in page  # the secretariat decides what is shared
    response = client.post(
        url,
        {
            "honorific": "dr",
            "given_name": person.given_name,
            "family_name": "Yıldız",
            "position": "Head of External Relations",
            "email": person.email,
            "phone": "+90 312 292 29 00",
            "mobile": "",
            "preferred_language": "ar",
            "time_zone": "Europe/Istanbul",
            "phones_shared": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person.refresh_from_db()
    assert person.family_name == "Yıldız" and person.preferred_language == "ar"
    assert str(person.phone.as_e164) == "+903122922900"
    assert not person.phones_shared
    assert person.history.latest().history_user == focal_point_user
    person.details_confirmed_at = None
    person.save()
    client.post(reverse("members:confirm_details", kwargs={"pk": person.pk}))
    person.refresh_from_db()
    assert person.details_confirmed_at is not None


def test_a_colleague_cannot_edit_another_focal_points_details(client, focal_point_user):
    colleague = FocalPointFactory(role="alternate", user=UserFactory())
    client.force_login(focal_point_user)
    url = reverse("members:focal_point_edit", kwargs={"pk": colleague.pk})
    assert client.get(url).status_code == 403
    assert (
        client.post(reverse("members:confirm_details", kwargs={"pk": colleague.pk})).status_code
        == 403
    )


def test_secretariat_adds_and_corrects_an_institution(client, secretariat_user, states):
    from members.models import Institution

    client.force_login(secretariat_user)
    url = reverse("members:institution_add", kwargs={"iso3": "SEN"})
    data = {
        "name_en": "National Agency for Youth Employment",
        "name_ar": "الوكالة الوطنية لتشغيل الشباب",
        "name_fr": "Agence nationale pour la promotion de l'emploi des jeunes",
        "acronym": "ANPEJ",
        "email": "contact@anpej.example.org",
        "phone": "+221 33 800 00 01",
    }
    assert client.post(url, {**data, "phone": "0000"}).status_code == 200
    assert client.post(url, {**data, "name_en": "<b>x</b>"}).status_code == 200
    assert not Institution.objects.exists()
    assert client.post(url, data).status_code == 302
    institution = Institution.objects.get()
    assert institution.member_state.iso3 == "SEN"
    edit = reverse("members:institution_edit", kwargs={"iso3": "SEN", "pk": institution.pk})
    client.post(edit, {**data, "email": "info@anpej.example.org"})
    institution.refresh_from_db()
    assert institution.email == "info@anpej.example.org"
    assert institution.history.latest().history_user == secretariat_user
    # The institution of another state cannot be reached through this state's URL.
    other = reverse("members:institution_edit", kwargs={"iso3": "TUR", "pk": institution.pk})
    assert client.get(other).status_code == 404
