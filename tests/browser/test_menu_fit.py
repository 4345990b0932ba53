"""The main menu fits: one line at 1280 px, a usable collapsed menu at 375 px, in Arabic, English
and French, for the secretariat (the longest menu) and a focal point; the current page is
marked with aria-current. Playwright measures it in Chromium."""

import pytest

from .conftest import DESK, PHONE, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEASURE = """() => {
  const nav = document.querySelector('nav.portal-navbar');
  const items = [...nav.querySelectorAll('#main-nav > .navbar-nav > li, #main-nav > div')]
    .filter(el => el.getClientRects().length);
  // Lines of the bar: an item that starts below the bottom of the line so far opens a new one.
  let lines = 0, bottom = -Infinity;
  for (const r of items.map(el => el.getBoundingClientRect()).sort((a, b) => a.top - b.top)) {
    if (r.top >= bottom - 1) { lines += 1; bottom = r.bottom; }
    else { bottom = Math.max(bottom, r.bottom); }
  }
  const container = nav.querySelector('.container');
  const outside = [...nav.querySelectorAll('a, button, input')]
    .filter(el => el.getClientRects().length)
    .filter(el => {
      const r = el.getBoundingClientRect();
      return r.left < -0.5 || r.right > document.documentElement.clientWidth + 0.5;
    })
    .map(el => el.textContent.trim() || el.outerHTML.slice(0, 60));
  return {
    lines,
    height: Math.round(nav.getBoundingClientRect().height),
    navOverflow: container.scrollWidth - container.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    outside,
  };
}"""

PAGES = {"secretariat": "members/secretariat/", "focal_point": "members/directory/"}


def _measure_everywhere(page, role, name):
    results = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("ar", "en", "fr"):
        path = f"/{language}/{PAGES[role]}"
        page.set_viewport_size(DESK)
        page.goto(page.base_url + path)
        desk = page.evaluate(MEASURE)
        current = page.locator("nav.portal-navbar [aria-current=page]")
        assert current.count() == 1, (language, current.count())
        assert current.get_attribute("href") == path
        page.screenshot(path=SCREENSHOTS / f"{name}-{language}-menu-1280.png")
        page.set_viewport_size(PHONE)
        page.goto(page.base_url + path)
        page.click("nav.portal-navbar .navbar-toggler")
        page.wait_for_selector("#main-nav.show")
        for group in page.locator("#main-nav [data-menu-group] > button").all():
            group.click()  # every drop-down opened in turn stays inside the screen
            phone_open = page.evaluate(MEASURE)
            assert phone_open["outside"] == [], (language, phone_open)
        phone = page.evaluate(MEASURE)
        page.screenshot(path=SCREENSHOTS / f"{name}-{language}-menu-375.png", full_page=True)
        results[language] = (desk, phone)
    print(name, {lang: (d["lines"], d["height"], p["height"]) for lang, (d, p) in results.items()})
    for language, (desk, phone) in results.items():
        assert desk["lines"] == 1, (language, desk)
        assert desk["navOverflow"] <= 0 and desk["pageOverflow"] <= 0, (language, desk)
        assert desk["outside"] == [], (language, desk)
        assert phone["navOverflow"] <= 0 and phone["pageOverflow"] <= 0, (language, phone)
        assert phone["outside"] == [], (language, phone)
    return results


def test_the_secretariats_menu_fits_in_every_language(page, sign_in, secretariat_user, request):
    sign_in(secretariat_user)
    results = _measure_everywhere(page, "secretariat", request.node.name)
    print({lang: (d["height"], p["height"]) for lang, (d, p) in results.items()})


def test_a_focal_points_menu_fits_in_every_language(page, sign_in, focal_point_user, request):
    sign_in(focal_point_user)
    results = _measure_everywhere(page, "focal_point", request.node.name)
    print({lang: (d["height"], p["height"]) for lang, (d, p) in results.items()})
