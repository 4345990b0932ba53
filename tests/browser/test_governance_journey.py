import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_overflow(page):
    # The page's own content; the main menu is regrouped separately (issue 12, not done here).
    return page.evaluate(
        "[...document.querySelectorAll('main, footer')].every(e => {"
        " const r = e.getBoundingClientRect();"
        " return r.left >= -1 && r.right <= document.documentElement.clientWidth + 1; })"
        " && document.querySelector('main').scrollWidth"
        " <= document.querySelector('main').clientWidth + 1"
    )


def test_secretariat_deactivates_an_account_in_arabic(
    page, sign_in, secretariat_user, focal_point_user, reference_data
):
    from pesnet.models import User

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(secretariat_user, language="ar")
    page.goto(f"{page.base_url}/ar/network/accounts/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert focal_point_user.email in page.locator("[data-testid=accounts]").inner_text()
    page.screenshot(path="/tmp/people-accounts-ar.png", full_page=True)
    assert _no_horizontal_overflow(page)
    page.click(f"[data-testid=deactivate-{focal_point_user.pk}]")
    page.wait_for_url(f"{page.base_url}/ar/network/accounts/")
    assert not User.objects.get(pk=focal_point_user.pk).is_active
    page.goto(f"{page.base_url}/ar/network/accounts/changes/")
    assert "عُطّل الحساب" in page.locator("[data-testid=account-changes]").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_about_the_network_fits_in_arabic(page, reference_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/ar/network/")
    assert "وكالة التوظيف التركية" in page.locator("[data-testid=about-chair]").inner_text()
    assert _no_horizontal_overflow(page)
    page.screenshot(path=f"/tmp/people-about-ar-{width}.png", full_page=True)
