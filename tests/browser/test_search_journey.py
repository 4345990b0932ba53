import pytest

from tests.search.conftest import meetings, published  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("ar", "أين دعت الشبكة الدول الأعضاء إلى تعيين منسقين وطنيين؟"),
        ("en", "where did the network call on states to nominate focal points?"),
    ],
    ids=["ar", "en"],
)
def test_the_question_in_the_menu_leads_to_operative_paragraph_5_in_one_click(
    page,
    published,  # noqa: F811  (the fixture imported above)
    language,
    question,
):
    page.goto(f"{page.base_url}/{language}/")
    box = page.locator("[data-testid=menu-search] input[name=q]")
    box.fill(question)
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator("[data-testid=result]").first
    assert "5" in first.locator("[data-testid=where]").inner_text()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.check_now()
        page.screenshot(
            path=f"test-results/screenshots/search-results-{language}-{width}.png", full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    first.locator("[data-testid=result-link]").click()
    page.wait_for_url(f"**/communiques/{published.pk}/#p-*")
    anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor}").is_visible()
