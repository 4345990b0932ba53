"""Meeting documents: content-checked uploads, versions, members-only files behind the
permission check, the zip of one language, and the text the search indexes."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services
from meetings.models import MeetingDocument

from .factories import MeetingFactory
from .helpers import docx_upload, fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _upload(client, meeting, upload, **fields):
    data = {"title": "Concept note", "kind": "concept_note", "language": "en", "file": upload}
    data.update(fields)
    return client.post(f"/en/meetings/{meeting.pk}/documents/", data)


def test_an_upload_is_checked_by_content_and_versions_stay_listed(client, secretariat_user):
    meeting = MeetingFactory()
    client.force_login(secretariat_user)
    assert _upload(client, meeting, pdf_upload()).status_code == 302
    assert _upload(client, meeting, pdf_upload("concept-note-v2.pdf")).status_code == 302
    versions = list(meeting.documents.order_by("version"))
    assert [(d.version, d.is_current) for d in versions] == [(1, False), (2, True)]
    assert versions[1].original_name == "concept-note-v2.pdf"
    assert "concept-note" not in versions[1].file.name  # stored under a random name
    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert page.count('data-testid="document-link"') == 2 and "earlier version" in page


def test_a_file_that_is_not_what_it_claims_or_too_large_is_refused(client, secretariat_user):
    meeting = MeetingFactory()
    client.force_login(secretariat_user)
    response = _upload(client, meeting, fake_pdf_upload())
    assert response.status_code == 200 and 'data-testid="error-file"' in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024 + 10))
    response = _upload(client, meeting, big)
    assert response.status_code == 200 and 'data-testid="error-file"' in response.content.decode()
    assert not MeetingDocument.objects.exists()


@pytest.fixture
def documents(secretariat_user):
    meeting = MeetingFactory()
    public = services.add_document(
        meeting,
        upload=pdf_upload("agenda.pdf"),
        language="en",
        kind="agenda",
        title="Agenda",
        is_public=True,
        by=secretariat_user,
    )
    private = services.add_document(
        meeting,
        upload=docx_upload("notes.docx"),
        language="en",
        kind="other",
        title="Notes",
        is_public=False,
        by=secretariat_user,
    )
    arabic = services.add_document(
        meeting,
        upload=pdf_upload("agenda-ar.pdf"),
        language="ar",
        kind="agenda",
        title="جدول الأعمال",
        is_public=True,
        by=secretariat_user,
    )
    return meeting, public, private, arabic


def test_members_only_documents_are_served_only_to_network_members(client, role_users, documents):
    meeting, public, private, _arabic = documents
    url = f"/en/meetings/{meeting.pk}/documents/{private.pk}/"
    public_url = f"/en/meetings/{meeting.pk}/documents/{public.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client.get(public_url).status_code == 200
    assert "Notes" not in client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    for role in ("focal_point", "chair", "secretariat"):
        client.force_login(role_users[role])
        response = client.get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content).startswith(b"PK")
        assert 'filename="notes.docx"' in response["Content-Disposition"]
    other = f"/en/meetings/{MeetingFactory().pk}/documents/{private.pk}/"
    assert client.get(other).status_code == 404


def test_the_zip_of_one_language_holds_what_the_viewer_may_see(client, role_users, documents):
    meeting, *_ = documents
    names = lambda response: sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist())  # noqa: E731
    assert names(client.get(f"/en/meetings/{meeting.pk}/documents/en.zip")) == ["agenda.pdf"]
    assert names(client.get(f"/en/meetings/{meeting.pk}/documents/ar.zip")) == ["agenda-ar.pdf"]
    client.force_login(role_users["focal_point"])
    assert names(client.get(f"/en/meetings/{meeting.pk}/documents/en.zip")) == [
        "agenda.pdf",
        "notes.docx",
    ]
    assert client.get(f"/en/meetings/{meeting.pk}/documents/fr.zip").status_code == 404


def test_the_text_of_a_document_is_extracted_for_search(secretariat_user, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    meeting = MeetingFactory()
    document = services.add_document(
        meeting,
        upload=docx_upload(text="Capacity building programme"),
        language="en",
        kind="report",
        title="Report",
        is_public=True,
        by=secretariat_user,
    )
    services.extract_text(document)
    document.refresh_from_db()
    assert document.text == "Capacity building programme"
