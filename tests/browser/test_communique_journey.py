"""The communiqué's life in a real browser: import (Arabic, then English), consultation, a
focal point's comment in Arabic, adoption, publication, the public page and the PDF."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import translation

from communiques.models import Comment, Communique
from meetings.reference import load_meetings
from pesnet.celery import app
from tests.communiques.conftest import DATA, arabic_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in(ui, text) -> str:
    """A string of the interface as the secretariat reads it in `ui`."""
    with translation.override(ui):
        return str(text)


def _status(ui, status) -> str:
    return _in(ui, Communique.Status(status).label)


def _import(page, path, language, ui):
    page.goto(f"{page.base_url}/{ui}/communiques/import/")
    page.set_input_files("input[name=document]", str(path))
    page.select_option("select[name=language]", language)
    page.click("[data-testid=import-preview-button]")
    counts = page.locator("[data-testid=import-counts]").inner_text()
    with translation.override(ui):
        expected = translation.gettext("%(pre)s preambular and %(op)s operative paragraphs") % {
            "pre": 6,
            "op": 12,
        }
    assert counts == expected
    page.click("[data-testid=import-confirm]")
    page.wait_for_url(re.compile(rf"/{ui}/communiques/\d+/edit/"))


@pytest.mark.parametrize("ui", ["ar", "en"])
def test_secretariat_imports_consults_adopts_and_publishes(
    page, sign_in, secretariat_user, focal_point_user, tmp_path, ui
):
    """The secretariat works in `ui` (Arabic or English); the focal point comments in Arabic."""
    load_meetings()
    arabic = tmp_path / "pesnet-3-final-communique.ar.txt"
    arabic.write_bytes(arabic_source())
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    sign_in(secretariat_user, language=ui)
    _import(page, arabic, "ar", ui)
    assert page.locator("[data-testid=missing]").count() == 36  # no English or French yet
    _import(page, DATA / "pesnet-3-final-communique.en.txt", "en", ui)
    assert page.locator("[data-testid=missing]").count() == 18  # French only
    rows = page.locator("[data-testid=editor-row]")
    assert rows.count() == 18
    # Arabic on the right, English on the left, whatever the interface language.
    first_arabic = rows.nth(6).locator("textarea[lang=ar]").bounding_box()
    first_english = rows.nth(6).locator("textarea[lang=en]").bounding_box()
    assert first_arabic["x"] > first_english["x"]
    page.fill("input[name=deadline]", "2099-01-31T12:00")
    page.click("[data-testid=open-consultation]")
    assert page.locator("[data-testid=status]").inner_text() == _status(ui, "consultation")
    communique = Communique.objects.get()
    # The secretariat's session is kept aside while the focal point signs in (a TOTP code
    # cannot be used twice, so signing in again within the same 30 s would be refused).
    secretariat_session = page.context.cookies()
    page.context.clear_cookies()

    sign_in(focal_point_user, language="ar")
    page.goto(f"{page.base_url}/ar/communiques/{communique.pk}/working/?text=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("[data-testid=comment-form] textarea").nth(7).fill("نقترح إضافة الشباب.")
    page.locator("[data-testid=comment-form] button").nth(7).click()
    assert "نقترح إضافة الشباب." in page.locator("[data-testid=comments]").inner_text()
    assert Comment.objects.get().author == focal_point_user
    page.context.clear_cookies()

    page.context.add_cookies(secretariat_session)
    page.goto(f"{page.base_url}/{ui}/communiques/{communique.pk}/edit/")
    page.click("[data-testid=adopt]")
    assert page.locator("[data-testid=status]").inner_text() == _status(ui, "adopted")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.click("[data-testid=publish]")
        assert page.locator("[data-testid=status]").inner_text() == _status(ui, "published")
        page.context.clear_cookies()

        page.goto(f"{page.base_url}/ar/communiques/")
        page.click(f"a[href='/ar/communiques/{communique.pk}/']")
        text = page.locator("[data-testid=document-text]").inner_text()
        assert "يشدد على" in text and "يؤكد من جديد" in text
        page.goto(f"{page.base_url}/en/communiques/{communique.pk}/?text=en")
        english = page.locator("[data-testid=document-text]").inner_text()
        assert "Reaffirms its commitment" in english
        assert "Shawwal 1442" in page.locator("[data-testid=meeting-dates]").inner_text()
        page.click("[data-testid=pdf-links] button")
        with page.expect_download(timeout=60_000) as download_info:
            page.click("[data-testid=pdf-side-by-side]")
        path = download_info.value.path()
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    assert errors == []
