"""Meeting documents in search: their text extracted by the Celery task, their audience kept."""

import io
import time
import zipfile

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from meetings import services
from pesnet.celery import app
from search.models import Entry
from search.selectors import Filters, decorate, search
from tests.meetings.factories import MeetingFactory
from tests.meetings.helpers import docx_upload

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def pptx_upload(name: str, slides: list[str]) -> SimpleUploadedFile:
    """A small real PPTX: each slide's text in a shape, as PowerPoint writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/ppt/presentation.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>',
        )
        archive.writestr("ppt/presentation.xml", f'<p:presentation xmlns:p="{P}"/>')
        for number, text in enumerate(slides, start=1):
            archive.writestr(
                f"ppt/slides/slide{number}.xml",
                f'<?xml version="1.0"?><p:sld xmlns:p="{P}" xmlns:a="{A}"><p:cSld><p:spTree>'
                f"<p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
                "</p:spTree></p:cSld></p:sld>",
            )
    return SimpleUploadedFile(name, buffer.getvalue())


def found(user, text, **filters):
    entries, query, counts = search(user or AnonymousUser(), text, Filters(**filters))
    return decorate(list(entries[:20]), query), counts


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_english_word_only_in_an_uploaded_pptx_is_found(client, secretariat_user):
    """The upload queues the extraction on commit; a real worker extracts the slides' text and
    the index follows the document's save."""
    meeting = MeetingFactory(title_en="Workshop on youth employment")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            document = services.add_document(
                meeting,
                upload=pptx_upload(
                    "youth.pptx", ["Youth guarantee schemes", "Apprenticeship vouchers in PES"]
                ),
                language="en",
                kind="presentation",
                title="Presentation of the chair",
                is_public=True,
                by=secretariat_user,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Entry.objects.filter(source="meeting_documents", text_en__contains="vouchers"):
                break
            time.sleep(0.3)
    results, counts = found(None, "vouchers")
    assert counts == {"document": 1}
    assert results[0].url == f"/meetings/{meeting.pk}/documents/{document.pk}/"
    assert "<mark>vouchers</mark>" in results[0].snippet
    page = client.get("/en/search/", {"q": "apprenticeship vouchers"}).content.decode()
    assert f'href="/en/meetings/{meeting.pk}/documents/{document.pk}/"' in page


@pytest.mark.django_db
def test_a_term_only_a_members_only_document_has_is_found_only_by_the_network(
    client, secretariat_user, focal_point_user, chair_user, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = services.add_document(
            meeting,
            upload=docx_upload("notes.docx", text="Confidential quinquennial roadmap"),
            language="en",
            kind="report",
            title="Internal notes",
            is_public=False,
            by=secretariat_user,
        )
        services.extract_text(document)
    assert found(None, "quinquennial") == ([], {})
    # Nor in the counts of another kind's filter, nor with the meeting's filter.
    assert found(None, "quinquennial", kind="meeting") == ([], {})
    assert found(None, "quinquennial", meeting=meeting.pk) == ([], {})
    page = client.get("/en/search/", {"q": "quinquennial"}).content.decode()
    assert "Internal notes" not in page and 'data-kind="document"' not in page
    assert "Nothing found" in page
    for user in (focal_point_user, chair_user, secretariat_user):
        results, counts = found(user, "quinquennial")
        assert counts == {"document": 1}
        assert results[0].title_en == "Internal notes"
        client.force_login(user)
        page = client.get("/en/search/", {"q": "quinquennial"}).content.decode()
        assert f'href="/en/meetings/{meeting.pk}/documents/{document.pk}/"' in page
        # The link opens it: the download checks the same permission.
        assert client.get(f"/en/meetings/{meeting.pk}/documents/{document.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/en/meetings/{meeting.pk}/documents/{document.pk}/").status_code in (
        302,
        403,
        404,
    )
