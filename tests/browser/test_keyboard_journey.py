"""A focal point confirms their details with the keyboard alone (Tab, Enter, Space and typing),
in Arabic: the skip link, visible focus, and form errors linked to their field and announced."""

import pytest

from members.models import FocalPoint

from ..factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_MATCHES = "(s) => document.activeElement && document.activeElement.matches(s)"
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== 'none'};
}"""


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab on {page.url}")


def assert_focus_visible(page) -> None:
    ring = page.evaluate(FOCUS_RING)
    assert ring["outline"] or ring["shadow"], f"no visible focus on {page.url}: {ring}"


def test_a_focal_point_confirms_their_details_with_the_keyboard_only(page, focal_point_user):
    base = page.base_url
    person = FocalPoint.objects.get(user=focal_point_user)
    page.goto(f"{base}/ar/accounts/login/")
    # The first Tab reaches the skip link, which is then shown; Enter moves on to the content,
    # so the next Tab is inside <main>, past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_MATCHES, "a.skip-link")
    assert page.locator("a.skip-link").bounding_box()["width"] > 1
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")

    tab_to(page, "input[name=login]")
    page.keyboard.type(focal_point_user.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{base}/ar/members/directory/")
    tab_to(page, "[data-testid=my-state]")
    assert_focus_visible(page)  # a link
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ar/members/states/TUR/")
    tab_to(page, "[data-testid=edit-details]")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/edit/" in url)

    # A bad name: the error is next to the field, named by its aria-describedby, announced.
    tab_to(page, "input[name=family_name]")
    page.keyboard.press("End")
    page.keyboard.type("\u202e")
    tab_to(page, "[data-testid=focal_point_edit-form] button[type=submit]")
    assert_focus_visible(page)  # a button
    page.keyboard.press("Space")
    page.wait_for_selector("[data-testid=error-family_name]")
    linked = page.evaluate(
        """() => {
          const input = document.querySelector('input[name=family_name]');
          const ids = (input.getAttribute('aria-describedby') || '').split(' ');
          const error = document.querySelector('[data-field=family_name]');
          return {ids, errorId: error.id, role: error.getAttribute('role'),
                  invalid: input.getAttribute('aria-invalid')};
        }"""
    )
    assert linked["errorId"] and linked["errorId"] in linked["ids"], linked
    assert linked["role"] == "alert" and linked["invalid"] == "true", linked
    person.refresh_from_db()
    assert "\u202e" not in person.family_name

    tab_to(page, "input[name=family_name]")
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    tab_to(page, "input[name=phone]")
    page.keyboard.press("Control+A")
    page.keyboard.type("+90 312 292 29 07")
    tab_to(page, "[data-testid=focal_point_edit-form] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ar/members/states/TUR/")
    person.refresh_from_db()
    assert person.phone.as_e164 == "+903122922907"

    before = person.details_confirmed_at
    tab_to(page, "[data-testid=confirm-details]")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page.wait_for_load_state()
    assert "شكراً لك" in page.inner_text("main")
    person.refresh_from_db()
    assert person.details_confirmed_at and person.details_confirmed_at != before
