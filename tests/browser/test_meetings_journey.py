"""A focal point registers for an online meeting and gets its link; once the meeting has
started the secretariat records attendance: in Arabic and English."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Registration
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shoot(page, name):
    """A page of the journey besides its last one, at phone and desk widths (checked too)."""
    from .conftest import DESK, PHONE, SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        page.check_now()
        page.screenshot(path=SCREENSHOTS / f"{name}-{size['width']}.png", full_page=True)


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


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_secretariat_runs_a_meeting_end_to_end(
    page, sign_in, focal_point_user, secretariat_user, language, tmp_path
):
    """The 2022 online focal-points meeting without the admin: create, agenda (buttons, then
    dragging), a members-only document, invite; a focal point registers in Arabic and downloads
    the .ics; the secretariat moves it by a day (one "updated" message per participant), holds
    it, records attendance, publishes a report and the minutes."""
    from meetings.models import Meeting
    from outbox.models import OutboxMessage
    from tests.meetings.helpers import pdf_bytes

    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    day = timezone.localdate() + datetime.timedelta(days=20)
    sign_in(secretariat_user, language=language)
    page.goto(f"{page.base_url}/{language}/meetings/")
    page.click("[data-testid=new-meeting]")
    page.select_option("select[name=kind]", "focal_points")
    page.fill("input[name=title_en]", "Online Meeting of the National Focal Points 2022")
    page.fill("input[name=title_ar]", "اجتماع جهات الاتصال الوطنية عبر الإنترنت 2022")
    page.fill("input[name=start]", f"{day:%Y-%m-%d}T11:00")
    page.fill("input[name=end]", f"{day:%Y-%m-%d}T10:00")  # before the start: refused
    page.select_option("select[name=mode]", "online")
    page.fill("input[name=online_link]", "https://meet.example.org/pesnet-2022")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=error-end]")
    assert not Meeting.objects.exists()
    page.fill("input[name=end]", f"{day:%Y-%m-%d}T14:00")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=manage-nav]")
    meeting = Meeting.objects.get()

    page.click("[data-testid=edit-agenda]")
    for title in ("Opening remarks", "Work plan progress"):
        page.fill("input[name=title_en]", title)
        page.fill("input[name=duration_minutes]", "30")
        page.click("[data-testid=add-item]")
        page.wait_for_selector(f"[data-testid=agenda-editor] >> text={title}")
    page.locator("[data-testid=agenda-editor] li").nth(1).locator("[data-testid=up]").click()
    page.wait_for_selector("[data-testid=agenda-editor] li:first-child >> text=Work plan progress")
    assert list(meeting.agenda.values_list("title_en", flat=True)) == [
        "Work plan progress",
        "Opening remarks",
    ]
    # Dragging (SortableJS) as well: the closing item goes to the top by its handle.
    page.fill("input[name=title_en]", "Closing")
    page.click("[data-testid=add-item]")
    page.wait_for_selector("[data-testid=agenda-editor] >> text=Closing")
    items = page.locator("[data-testid=agenda-editor] li")
    handle = items.nth(2).locator("[data-agenda-handle]")
    handle.wait_for(state="visible")  # the script ran: without it the handles stay hidden
    grip, top = handle.bounding_box(), items.nth(0).bounding_box()
    with page.expect_navigation():
        page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2)
        page.mouse.down()
        for step in range(1, 11):  # SortableJS follows the pointer as a person drags
            page.mouse.move(
                grip["x"] + grip["width"] / 2,
                grip["y"] - (grip["y"] - top["y"] - 4) * step / 10,
            )
        page.mouse.up()
    page.wait_for_selector(".alert-success")
    assert list(meeting.agenda.values_list("title_en", flat=True)) == [
        "Closing",
        "Work plan progress",
        "Opening remarks",
    ]
    _shoot(page, f"agenda-editor-{language}")

    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/documents/")
    note = tmp_path / "concept-note.pdf"
    note.write_bytes(pdf_bytes())
    page.fill("input[name=title]", "Concept note")
    page.select_option("select[name=kind]", "concept_note")
    page.select_option("select[name=language]", "ar")
    page.set_input_files("input[name=file]", str(note))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=members-only]")

    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/invite/")
    page.click("[data-testid=submit]")
    page.wait_for_url("**/outbox/campaigns/*/")
    assert OutboxMessage.objects.filter(kind="meeting_invitation").count() == 1
    # A TOTP code is good once: the secretariat comes back with its session, not a new login.
    secretariat_session = page.context.cookies()
    page.context.clear_cookies()

    # A focal point answers in Arabic and takes the calendar file.
    sign_in(focal_point_user, language="ar")
    page.goto(f"{page.base_url}/ar/meetings/{meeting.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("[data-testid=members-only]").count() == 1
    page.click("[data-testid=register]")
    page.wait_for_selector("[data-testid=online-link]")
    with page.expect_download() as download:
        page.click("[data-testid=ics]")
    assert b"BEGIN:VCALENDAR" in open(download.value.path(), "rb").read()
    page.context.clear_cookies()

    # The secretariat moves the meeting by a day: those registered are told once, with a new .ics.
    page.context.add_cookies(secretariat_session)
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/edit/")
    later = day + datetime.timedelta(days=1)
    page.fill("input[name=start]", f"{later:%Y-%m-%d}T11:00")
    page.fill("input[name=end]", f"{later:%Y-%m-%d}T14:00")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=manage-nav]")
    registered = list(
        Registration.objects.filter(meeting=meeting, status="registered").values_list(
            "user__email", flat=True
        )
    )
    updated = OutboxMessage.objects.filter(kind="meeting_updated")
    assert registered == [focal_point_user.email]
    assert sorted(updated.values_list("to", flat=True)) == registered  # one each, no more
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.start.date() == later

    # The meeting takes place; the secretariat records attendance and publishes the minutes.
    meeting.refresh_from_db()
    meeting.start = timezone.now() - datetime.timedelta(hours=3)
    meeting.end = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/")
    page.click("[data-testid=mark-held]")
    page.wait_for_selector("[data-testid=manage-nav]")
    meeting.refresh_from_db()
    assert meeting.status == "held"
    page.locator("[data-testid=attendance] tr[data-status=registered] input").check()
    page.click("[data-testid=save-attendance]")
    page.wait_for_selector("[data-testid=attendance] tr[data-status=attended]")
    # The report goes out to everyone: a public document.
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/documents/")
    report = tmp_path / "report.pdf"
    report.write_bytes(pdf_bytes("Report"))
    page.fill("input[name=title]", "Report of the meeting")
    page.select_option("select[name=kind]", "report")
    page.select_option("select[name=language]", language)
    page.check("input[name=is_public]")
    page.set_input_files("input[name=file]", str(report))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=documents] >> text=Report of the meeting")
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/")
    page.click("[data-testid=edit-minutes]")
    page.fill("textarea[name=minutes_en]", "<p>The meeting adopted its agenda.</p>")
    page.fill("textarea[name=minutes_ar]", "<p>اعتمد الاجتماع جدول أعماله.</p>")
    page.check("input[name=publish]")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=minutes]")
    # The secretariat's dashboard now counts the state's attendance.
    page.goto(f"{page.base_url}/{language}/members/secretariat/dashboard/")
    row = page.locator("[data-testid=network-participation] tr[data-state=TUR]")
    assert row.locator("[data-cell=attended]").count() == 1
    _shoot(page, f"dashboard-participation-{language}")
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/{language}/meetings/{meeting.pk}/")
    expected = "اعتمد الاجتماع" if language == "ar" else "adopted its agenda"
    assert expected in page.locator("[data-testid=minutes]").inner_text()
    assert "1" in page.locator("[data-testid=participation]").inner_text()
    assert (
        page.locator("[data-testid=document-link]", has_text="Report of the meeting").count() == 1
    )
    assert page.locator("[data-testid=document-link]", has_text="Concept note").count() == 0
    assert not errors, errors
