"""A focal point reports, the chair accepts, the plan shows the progress: in Arabic and English."""

import pytest

from members.models import FocalPoint
from tests.workplan.factories import ActivityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """A transactional test flushes the database, groups included: put the roles back."""
    from django.contrib.auth.models import Group

    from pesnet.roles import ROLE_GROUPS

    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_report_accept_and_see_the_new_progress(
    page, sign_in, focal_point_user, chair_user, language
):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    state = FocalPoint.objects.get(user=focal_point_user).member_state
    activity = ActivityFactory(
        code="1.2",
        title_en="Capacity building for the employment service",
        title_ar="بناء قدرات خدمة التوظيف",
        lead_member_state=state,
        progress=10,
    )
    title = activity.title_ar if language == "ar" else activity.title_en

    sign_in(focal_point_user, language=language)
    page.goto(f"{page.base_url}/{language}/workplan/activities/{activity.pk}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert title in page.locator("[data-testid=activity-title]").inner_text()
    page.click("[data-testid=submit-report]")
    page.fill("input[name=percent]", "65")
    page.fill("textarea[name=narrative]", "Two sessions for 35 job counsellors.")
    page.click("[data-testid=report-form] button[type=submit]")
    page.wait_for_url(f"**/{language}/workplan/activities/{activity.pk}/")
    assert page.locator("[data-testid=report][data-review=submitted]").count() == 1
    page.context.clear_cookies()

    sign_in(chair_user, language=language)
    page.goto(f"{page.base_url}/{language}/workplan/dashboard/")
    pending = page.locator("[data-testid=pending-report]")
    assert pending.count() == 1
    assert title in pending.inner_text()
    pending.locator("[data-testid=accept]").click()
    page.wait_for_url(f"**/{language}/workplan/dashboard/")
    assert page.locator("[data-testid=pending-report]").count() == 0

    page.goto(f"{page.base_url}/{language}/workplan/")
    row = page.locator("[data-testid=activity-row][data-code='1.2']")
    assert row.locator("[data-testid=progress-value]").inner_text() == "65%"
    assert row.locator("progress").get_attribute("value") == "65"
    gantt = page.locator("[data-testid=gantt]")
    assert gantt.get_attribute("data-direction") == ("rtl" if language == "ar" else "ltr")
    assert not errors, errors


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_chair_downloads_the_progress_report_for_the_meeting(
    page, sign_in, chair_user, secretariat_user, language
):
    """Issue 14: the chair presents the secretariat's progress report to the meeting."""
    from django.core.files.base import ContentFile

    from workplan.models import ProgressExport

    activity = ActivityFactory(code="2.1", progress=40)
    export = ProgressExport.objects.create(
        plan=activity.plan,
        format="pdf",
        language=language,
        requested_by=secretariat_user,
        state=ProgressExport.State.DONE,
        progress=100,
    )
    export.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    sign_in(chair_user, language=language)
    page.goto(f"{page.base_url}/{language}/workplan/dashboard/")
    ready = page.locator("[data-testid=ready-exports]")
    assert ready.locator("[data-testid=export][data-state=done]").count() == 1
    with page.expect_download() as download:
        ready.locator("[data-testid=export-download]").click()
    assert download.value.suggested_filename.endswith(".pdf")
