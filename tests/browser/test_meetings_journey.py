"""A focal point registers for an online meeting and gets its link; once the meeting has
started the secretariat records attendance: in Arabic and English."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Registration
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """A transactional test flushes the database, groups included: put the roles back."""
    from django.contrib.auth.models import Group

    from pesnet.roles import ROLE_GROUPS

    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_register_then_attendance(page, sign_in, focal_point_user, secretariat_user, language):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    meeting = MeetingFactory(
        title_en="Online Meeting of the National Focal Points",
        title_ar="اجتماع جهات الاتصال الوطنية عبر الإنترنت",
    )
    AgendaItemFactory(meeting=meeting, title_en="Opening remarks", title_ar="كلمة افتتاحية")
    title = meeting.title_ar if language == "ar" else meeting.title_en

    sign_in(focal_point_user, language=language)
    page.goto(f"{page.base_url}/{language}/meetings/")
    page.locator(f"[data-testid=upcoming] [data-meeting='{meeting.pk}'] a").first.click()
    page.wait_for_url(f"**/{language}/meetings/{meeting.pk}/")
    assert title in page.locator("h1").inner_text()
    assert ("كلمة افتتاحية" if language == "ar" else "Opening remarks") in page.locator(
        "[data-testid=agenda]"
    ).inner_text()
    assert page.locator("[data-testid=online-link]").count() == 0
    page.click("[data-testid=register]")
    page.wait_for_url(f"**/{language}/meetings/{meeting.pk}/")
    assert page.locator("[data-testid=online-link]").inner_text() == meeting.online_link
    assert page.locator(".alert-success").count() == 1
    page.context.clear_cookies()

    # The meeting takes place; the secretariat records who attended.
    Registration.objects.filter(meeting=meeting).update(answered_at=timezone.now())
    meeting.start = timezone.now() - datetime.timedelta(minutes=30)
    meeting.save()
    sign_in(secretariat_user, language=language)
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/")
    row = page.locator("[data-testid=attendance] tr[data-status=registered]")
    assert row.count() == 1
    row.locator("input[name=attended]").check()
    page.click("[data-testid=save-attendance]")
    page.wait_for_url(f"**/{language}/meetings/{meeting.pk}/")
    assert page.locator("[data-testid=attendance] tr[data-status=attended]").count() == 1
    assert Registration.objects.get(meeting=meeting).status == "attended"
    assert not errors, errors
