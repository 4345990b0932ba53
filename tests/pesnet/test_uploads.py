"""Private files (issue 16, item 7): no public URL, a random stored name, the user's file name
kept as metadata and used for the download; and the upload policies of pesnet.uploads."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import FocalPoint
from pesnet.files import NoPublicURL
from pesnet.uploads import EVIDENCE, NOMINATION_LETTER, original_name, random_name

from ..factories import FocalPointFactory
from ..members.conftest import pdf_bytes as _pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominee(reference_data):
    from members.models import MemberState

    return FocalPointFactory(
        member_state=MemberState.objects.get(iso3="TUR"),
        role=FocalPoint.Role.ALTERNATE,
        status=FocalPoint.Status.SUBMITTED,
        email="nominee@example.org",
    )


def _record_letter(client, nominee, name):
    letter = SimpleUploadedFile(name, _pdf(), content_type="application/pdf")
    return client.post(
        reverse("members:record_nomination", kwargs={"pk": nominee.pk}),
        {
            "letter": letter,
            "sending_authority": "mission",
            "sending_authority_name": "Permanent Mission to the OIC",
            "effective_from": "2026-12-01",
        },
    )


def test_private_storage_has_no_public_url(client, secretariat_user, nominee):
    with pytest.raises(NoPublicURL):
        storages["private"].url("nominations/letter.pdf")
    client.force_login(secretariat_user)
    assert _record_letter(client, nominee, "letter.pdf").status_code == 302
    nominee.refresh_from_db()
    with pytest.raises(NoPublicURL):
        nominee.nomination_letter.url  # noqa: B018 - the attribute itself must refuse
    # The admin links the letter through the permission-checked view, never /media/.
    secretariat_user.is_superuser = True
    secretariat_user.save()
    page = client.get(reverse("admin:members_focalpoint_change", args=[nominee.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("members:nomination_letter", kwargs={"pk": nominee.pk}) in html
    assert "/media/" not in html


def test_nomination_letter_is_stored_under_a_random_name(client, secretariat_user, nominee):
    client.force_login(secretariat_user)
    name = "Lettre du ministère TUR 2026.pdf"
    assert _record_letter(client, nominee, name).status_code == 302
    nominee.refresh_from_db()
    stored = nominee.nomination_letter.name
    assert stored.startswith("nominations/") and stored.endswith(".pdf")
    assert "Lettre" not in stored and "TUR" not in stored
    assert nominee.nomination_letter_name == name
    response = client.get(reverse("members:nomination_letter", kwargs={"pk": nominee.pk}))
    assert response.status_code == 200
    assert "Lettre%20du%20minist%C3%A8re%20TUR%202026.pdf" in response["Content-Disposition"]


def test_two_letters_of_the_same_name_get_different_stored_names():
    upload_to = random_name("nominations")
    assert upload_to(None, "letter.pdf") != upload_to(None, "letter.pdf")
    assert upload_to(None, "../../etc/passwd").startswith("nominations/")
    assert random_name("nominations") == upload_to  # a migration can name it
    assert upload_to.deconstruct() == ("pesnet.uploads.RandomName", ("nominations",), {})


def test_original_name_drops_folders_and_keeps_the_extension():
    assert original_name(SimpleUploadedFile("C:\\Users\\me\\letter.pdf", b"x")) == "letter.pdf"
    long = SimpleUploadedFile("a" * 300 + ".pdf", b"x")
    assert original_name(long) == "a" * 251 + ".pdf"


@pytest.mark.parametrize(
    ("policy", "content", "name", "message"),
    [
        (NOMINATION_LETTER, b"GIF89a", "letter.pdf", "letter.pdf is not a PDF document."),
        (NOMINATION_LETTER, b"%PDF-1.7 no", "l.pdf", "l.pdf is not a readable PDF document."),
        (NOMINATION_LETTER, b"%PDF-" + b"0" * (10 * 2**20), "b.pdf", "b.pdf is larger than 10 MB."),
        (NOMINATION_LETTER, _pdf(), "letter.docx", "letter.docx: only PDF files are accepted."),
        (EVIDENCE, b"GIF89a", "photo.png", "photo.png is not a valid PNG file."),
        (EVIDENCE, b"", "empty.pdf", "empty.pdf is empty."),
    ],
)
def test_policies_refuse_by_content_with_a_clear_message(policy, content, name, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        policy.check(SimpleUploadedFile(name, content))
    assert error.value.messages == [message]


def test_a_real_pdf_passes_the_letter_policy():
    assert NOMINATION_LETTER.check(SimpleUploadedFile("letter.pdf", _pdf())) == "application/pdf"


def test_admin_pages_of_private_files_link_through_the_checked_views(client, secretariat_user):
    """Without a public URL the admin's file widgets would fail: every admin page that shows a
    private file links to the view that checks permissions instead."""
    from django.core.files.base import ContentFile

    from communiques.models import RenderedPdf
    from workplan.models import ProgressExport

    from ..workplan.factories import WorkPlanFactory

    export = ProgressExport(
        plan=WorkPlanFactory(),
        format="xlsx",
        language="en",
        requested_by=secretariat_user,
        state="done",
    )
    export.file.save("report.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    rendered = RenderedPdf(content_hash="0" * 64, label="Communiqué (demo)", size=5)
    rendered.file.save("demo.pdf", ContentFile(b"%PDF-"), save=True)
    secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:workplan_progressexport_change", args=[export.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("workplan:export_download", kwargs={"pk": export.pk}) in html
    assert "/media/" not in html
    page = client.get(reverse("admin:communiques_renderedpdf_change", args=[rendered.pk]))
    assert page.status_code == 200
    assert "/media/" not in page.content.decode()
