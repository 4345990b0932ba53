"""A real Chromium (Debian's package) driven by Playwright against Django's live server."""

import shutil
import tempfile

import pytest

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


@pytest.fixture
def page(browser, live_server):
    page = browser.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    page.close()
    browser.clear_cookies()


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
        if "/2fa/authenticate/" in page.url:
            code = format_hotp_value(
                hotp_value(user.totp_secret, next(yield_hotp_counters_from_time()))
            )
            page.fill("input[name=code]", code)
            page.click("main form button[type=submit]")
        return page

    return _sign_in
