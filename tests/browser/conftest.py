"""A real Chromium (Debian's package) driven by Playwright against Django's live server."""

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# axe-core's impacts that fail a journey (WCAG 2.1 A and AA rules).
FAILING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = ROOT / "test-results" / "screenshots"  # git-ignored
PHONE, DESK = {"width": 375, "height": 812}, {"width": 1280, "height": 800}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: run `make install`.")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield context
        context.close()


def _describe(node) -> str:
    checks = node.get("any") or node.get("all") or []
    reason = checks[0]["message"] if checks else ""
    return f"{node['target'][0]} [{reason}]"


def audit(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now (evaluated through
    the DevTools protocol, which the page's Content Security Policy does not govern)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    # SVG text is left out: axe-core measures it against whatever lies at the centre of the
    # whole drawing (a Gantt bar), not behind the text; the charts' labels are dark on white.
    context = {"exclude": [["svg text"]]}
    results = page.evaluate("([c, o]) => window.axe.run(c, o)", [context, AXE_OPTIONS])
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): "
        + "; ".join(_describe(node) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate(
        "Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)"
    )


def empty_headings(page) -> list[str]:
    return page.evaluate(
        """[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
             .filter(h => !h.textContent.trim() && h.getClientRects().length)
             .map(h => h.outerHTML.slice(0, 80))"""
    )


def _shoot_final_page(page, request, problems, check):
    """End of a journey: the last page, full length, at phone and desk widths (and checked at
    the phone width too: axe-core, headings, no horizontal overflow)."""
    if not page.url.startswith(page.base_url):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "-" for c in request.node.name)
    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        check()
        page.screenshot(path=SCREENSHOTS / f"{name}-{size['width']}.png", full_page=True)


@pytest.fixture
def page(browser, live_server, request):
    """A page whose every loaded document is checked as the journey goes: axe-core finds no
    serious or critical violation, no heading is empty and nothing overflows the viewport."""
    page = browser.new_page()
    page.set_viewport_size(DESK)
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    problems: list[str] = []
    audited: set[tuple[str, int]] = set()

    def check(_=None):
        try:
            _check()
        except PlaywrightError:  # the page closed or navigated on while it was being checked
            pass

    def _check():
        width = page.viewport_size["width"] if page.viewport_size else 0
        key = (page.url.split("#")[0], width)
        if key in audited or not page.url.startswith(live_server.url):
            return
        if "/admin/" in page.url:  # Django's and modeltranslation's admin are not ours to mend
            return
        if "html" not in (page.evaluate("document.contentType") or ""):
            return
        audited.add(key)
        problems.extend(audit(page))
        problems.extend(f"{page.url}: empty heading {h}" for h in empty_headings(page))
        if (extra := overflow(page)) > 0:
            problems.append(f"{page.url}: {extra}px wider than the {width}px viewport")

    page.on("load", check)
    page.audit_problems = problems
    page.check_now = check
    yield page
    page.remove_listener("load", check)
    try:
        check()
        _shoot_final_page(page, request, problems, check)
    except PlaywrightError:
        pass
    page.close()
    browser.clear_cookies()
    assert not problems, "\n".join(problems)


@pytest.fixture
def sign_in(page):
    """Sign in through the real login form (with the TOTP step for MFA accounts)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from ..factories import DEFAULT_PASSWORD

    def _sign_in(user, language="en"):
        page.goto(f"{page.base_url}/{language}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("form.login button[type=submit], main form button[type=submit]")
        # The answer is either the second-factor step or the page signed in: wait for it
        # rather than reading the address while the form is still being posted.
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for attempt in range(3):
            if "/2fa/authenticate/" not in page.url:
                break
            # A code read just before its 30-second window turns can be refused: take the
            # current one again rather than fail the journey on the clock.
            code = format_hotp_value(
                hotp_value(user.totp_secret, next(yield_hotp_counters_from_time()))
            )
            page.fill("input[name=code]", code)
            page.click("main form button[type=submit]")
            try:
                page.wait_for_url(lambda url: "/2fa/authenticate/" not in url, timeout=15_000)
            except PlaywrightError:
                if attempt == 2:
                    raise
        return page

    return _sign_in
