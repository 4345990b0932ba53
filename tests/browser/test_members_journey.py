"""The nomination campaign end to end in a real browser, in Arabic and in English:
the secretariat invites, the invitee signs up through the link, the secretariat records the
letter and verifies, and the directory shows the state as active."""

import re

import pytest

from members.models import FocalPoint, Invitation
from members.reference import load_reference_data

from ..factories import queued_mail
from ..members.conftest import pdf_bytes
from .conftest import DESK, PHONE, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "ar": {
        "active": "نشط",
        "verify": "التحقق من الترشيح",
        "state": "الجزائر",
        "position": "مدير التشغيل",
    },
    "en": {
        "active": "Active",
        "verify": "Verify the nomination",
        "state": "Algeria",
        "position": "Director of Employment",
    },
}


def shoot(page, name):
    """The page as it is, at phone and desk widths (looked at by eye: test-results/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        page.check_now()
        page.screenshot(path=SCREENSHOTS / f"journey-{name}-{size['width']}.png", full_page=True)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_from_invitation_to_active_focal_point(page, sign_in, secretariat_user, language, tmp_path):
    load_reference_data()
    base = page.base_url
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    # 1. The secretariat invites a person to be Algeria's primary focal point.
    sign_in(secretariat_user, language=language)
    page.goto(f"{base}/{language}/members/states/DZA/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.click("[data-testid=invite]")
    page.select_option("select[name=role]", "primary")
    page.fill("input[name=given_name]", "كريم" if language == "ar" else "Karim")
    page.fill("input[name=family_name]", "بن علي" if language == "ar" else "Benali")
    page.fill("input[name=email]", f"karim.{language}@example.org")
    page.select_option("select[name=language]", language)
    page.click("[data-testid=invite-form] button[type=submit]")
    page.wait_for_url(f"{base}/{language}/members/states/DZA/")
    assert page.locator("[data-testid=invitations] tr[data-state=open]").count() == 1

    # 2. The invitee opens the link from the e-mail and signs up (a fresh browser session).
    message = queued_mail("invitation")[-1]
    assert message.to == [f"karim.{language}@example.org"]
    path = re.search(r"https?://[^/]+(/\S+/members/invitation/\S+/)", message.body)[1]
    # A TOTP code is accepted once: keep the secretariat's session for step 3.
    secretariat_session = page.context.cookies()
    page.context.clear_cookies()
    page.goto(base + path)
    page.wait_for_url(re.compile(r".*/accounts/signup/"))
    assert page.input_value("input[name=email]") == f"karim.{language}@example.org"
    page.fill("input[name=password1]", "a-Long-enough-passw0rd")
    page.fill("input[name=password2]", "a-Long-enough-passw0rd")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/{language}/")
    assert page.locator("[data-testid=user-menu]").inner_text() == f"karim.{language}@example.org"
    invitation = Invitation.objects.get(email=f"karim.{language}@example.org")
    assert invitation.state == Invitation.State.ACCEPTED
    nominee = invitation.focal_point
    assert nominee.status == FocalPoint.Status.SUBMITTED

    # 2b. Day one: the home page leads the nominee to their nomination's own page, where they
    # complete their details at once and see where the nomination stands.
    shoot(page, f"nominee-home-{language}")
    page.click("[data-testid=home-needs] [data-need=my_nomination] a")
    page.wait_for_url(f"{base}/{language}/members/focal-points/{nominee.pk}/")
    assert page.locator("[data-step=invited][data-done=true]").count() == 1
    assert page.locator("[data-step=details][data-done=false]").count() == 1
    page.click("[data-testid=edit-details]")
    page.fill("input[name=position]", TEXT[language]["position"])
    page.fill("input[name=phone]", "+213 21 00 00 01")
    page.click("[data-testid=focal_point_edit-form] button[type=submit]")
    page.wait_for_url(f"{base}/{language}/members/focal-points/{nominee.pk}/")
    assert page.locator("[data-step=details][data-done=true]").count() == 1
    assert TEXT[language]["position"] in page.inner_text("[data-testid=nomination-details]")
    shoot(page, f"nominee-page-{language}")
    nominee_session = page.context.cookies()

    # 3. The secretariat records the official letter and verifies the nomination.
    page.context.clear_cookies()
    page.context.add_cookies(secretariat_session)
    page.goto(f"{base}/{language}/members/states/DZA/")
    card = page.locator(f"[data-focal-point='{nominee.pk}']")
    # The verification step shows what the nominee submitted.
    card.locator("[data-testid=review-nomination]").click()
    page.wait_for_url(f"{base}/{language}/members/focal-points/{nominee.pk}/")
    assert TEXT[language]["position"] in page.inner_text("[data-testid=nomination-details]")
    assert page.locator("[data-testid=request-corrections]").count() == 1
    shoot(page, f"secretariat-review-{language}")
    page.click("[data-testid=record-nomination]")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(pdf_bytes())
    page.set_input_files("input[name=letter]", str(letter))
    page.select_option("select[name=sending_authority]", "ministry")
    page.click("[data-testid=record_nomination-form] button[type=submit]")
    page.wait_for_url(f"{base}/{language}/members/states/DZA/")
    # Before the verification the dashboard's map does not show Algeria as active.
    page.goto(f"{base}/{language}/members/secretariat/dashboard/")
    tile = page.locator("[data-testid=tile-map] [data-iso3=DZA]")
    assert tile.get_attribute("data-status") != "active"
    page.goto(f"{base}/{language}/members/states/DZA/")
    card = page.locator(f"[data-focal-point='{nominee.pk}']")
    assert TEXT[language]["verify"] in card.locator("[data-testid=verify]").inner_text()
    card.locator("[data-testid=verify]").click()
    page.wait_for_url(f"{base}/{language}/members/states/DZA/")
    card = page.locator(f"[data-focal-point='{nominee.pk}']")
    assert card.get_attribute("data-status") == "active"
    assert page.locator("[data-testid=state-status] [data-status=active]").count() == 1
    # ... and the map changes with it.
    page.goto(f"{base}/{language}/members/secretariat/dashboard/")
    assert tile.get_attribute("data-status") == "active"
    shoot(page, f"dashboard-after-verification-{language}")

    # 4. The directory shows Algeria as active; so does the public list, without the name.
    page.goto(f"{base}/{language}/members/secretariat/?status=active")
    row = page.locator("[data-testid=secretariat-directory] tr[data-iso3=DZA]")
    assert TEXT[language]["state"] in row.inner_text()
    assert TEXT[language]["active"] in row.locator("[data-status=active]").inner_text()
    page.goto(f"{base}/{language}/members/directory/")
    assert f"karim.{language}@example.org" in page.locator("main").inner_text()
    page.context.clear_cookies()
    page.goto(f"{base}/{language}/members/")
    public_row = page.locator("[data-testid=public-members] tr[data-iso3=DZA]")
    assert public_row.locator(".status-badge-active").count() == 1
    assert "karim" not in page.content()

    # 5. Now active, the focal point confirms their details on their state's page.
    nominee.refresh_from_db()
    confirmed_before = nominee.details_confirmed_at
    page.context.add_cookies(nominee_session)
    page.goto(f"{base}/{language}/members/states/DZA/")
    page.click("[data-testid=confirm-details]")
    assert SELF_SERVICE[language]["thanks"] in page.inner_text("main")
    nominee.refresh_from_db()
    assert nominee.details_confirmed_at and nominee.details_confirmed_at != confirmed_before
    assert errors == []


def test_dashboard_tile_map_renders_without_csp_errors(page, sign_in, secretariat_user):
    load_reference_data()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(secretariat_user, language="ar")
    page.goto(f"{page.base_url}/ar/members/secretariat/dashboard/")
    assert page.locator("[data-testid=tile-map] .tile").count() == 57
    # The map is not mirrored: Morocco (west) is left of Indonesia (east), even in Arabic.
    for container in ("tile-map", "world-map"):
        west = page.locator(f"[data-testid={container}] [data-iso3=MAR]").bounding_box()["x"]
        east = page.locator(f"[data-testid={container}] [data-iso3=IDN]").bounding_box()["x"]
        assert west < east, container
    assert page.locator("[data-testid=world-map] .map-state").count() == 57
    assert errors == []


SELF_SERVICE = {
    "ar": {"error": "احذف أحرف التحكم", "saved": "تم حفظ بيانات الاتصال", "thanks": "شكراً لك"},
    "en": {"error": "Remove control", "saved": "The contact details are saved", "thanks": "Thank"},
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_focal_point_keeps_own_details_right(page, sign_in, focal_point_user, language):
    """Edit (a bad name is refused next to the field), confirm, propose an alternate."""
    base = page.base_url
    person = FocalPoint.objects.get(user=focal_point_user)
    sign_in(focal_point_user, language=language)
    page.goto(f"{base}/{language}/members/directory/")
    page.click("[data-testid=my-state]")
    page.wait_for_url(f"{base}/{language}/members/states/TUR/")
    page.click("[data-testid=edit-details]")
    page.fill("input[name=family_name]", "Aydın\u202e")
    page.click("[data-testid=focal_point_edit-form] button[type=submit]")
    assert SELF_SERVICE[language]["error"] in page.inner_text("[data-testid=error-family_name]")
    page.fill("input[name=family_name]", "Aydın")
    page.fill("input[name=phone]", "+90 312 292 29 01")
    page.select_option("select[name=preferred_language]", language)
    page.click("[data-testid=focal_point_edit-form] button[type=submit]")
    page.wait_for_url(f"{base}/{language}/members/states/TUR/")
    assert SELF_SERVICE[language]["saved"] in page.inner_text("main")
    person.refresh_from_db()
    assert person.family_name == "Aydın" and person.phone.as_e164 == "+903122922901"
    page.click("[data-testid=confirm-details]")
    assert SELF_SERVICE[language]["thanks"] in page.inner_text("main")
    page.click("[data-testid=propose-alternate]")
    page.fill("input[name=given_name]", "Elif")
    page.fill("input[name=family_name]", "Kaya")
    page.fill("input[name=email]", f"elif.{language}@example.org")
    page.click("[data-testid=propose_alternate-form] button[type=submit]")
    page.wait_for_url(f"{base}/{language}/members/states/TUR/")
    proposed = FocalPoint.objects.get(email=f"elif.{language}@example.org")
    assert (proposed.role, proposed.status) == ("alternate", "submitted")
    assert page.locator(f"[data-focal-point='{proposed.pk}']").count() == 1
