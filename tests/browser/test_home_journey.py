import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_home_is_right_to_left_and_switches_to_english(page):
    page.goto(f"{page.base_url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "ما تقدمه البوابة" in page.locator("main").inner_text()
    # Bootstrap's RTL build is applied: the body text is right-aligned.
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.click("[data-testid=language-switcher] button[value=en]")
    page.wait_for_url(f"{page.base_url}/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "What the portal offers" in page.locator("main").inner_text()


def test_language_switch_keeps_the_page(page):
    page.goto(f"{page.base_url}/en/accounts/login/")
    page.click("[data-testid=language-switcher] button[value=fr]")
    page.wait_for_url(f"{page.base_url}/fr/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_focal_point_signs_in_in_arabic(page, sign_in, focal_point_user):
    sign_in(focal_point_user, language="ar")
    page.wait_for_url(f"{page.base_url}/ar/")
    assert page.locator("[data-testid=user-menu]").inner_text() == focal_point_user.email


def test_secretariat_signs_in_with_a_second_factor(page, sign_in, secretariat_user):
    sign_in(secretariat_user, language="en")
    page.wait_for_url(f"{page.base_url}/en/")
    assert page.locator("[data-testid=user-menu]").inner_text() == secretariat_user.email


def test_no_console_errors_and_no_csp_violations(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{page.base_url}/ar/")
    page.goto(f"{page.base_url}/en/accounts/login/")
    assert errors == []
