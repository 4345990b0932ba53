"""The demo communiqué shows, beside paragraphs 6, 7 and 9, the work-plan activities and the
plan they call for; the activity page leads back to the paragraph (Arabic and English)."""

import pytest

from .seeding import seed_demo_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "ar": {"activity": "نشاط خطة العمل", "called": "الفقرات التي تدعو إليه"},
    "en": {"activity": "Work-plan activity", "called": "Called for by"},
}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_communique_shows_the_work_plan_beside_its_paragraphs(page, settings, language):
    communique = seed_demo_network(settings)
    url = f"{page.base_url}/{language}/communiques/{communique.pk}/?text=side-by-side"
    page.goto(url)
    activities = page.locator("[data-testid=follow-up-activity]")
    assert activities.count() == 2
    assert TEXT[language]["activity"] in activities.first.inner_text()
    assert "1.1" in activities.first.inner_text() and "1.2" in activities.nth(1).inner_text()
    assert page.locator("[data-testid=follow-up-work-plan]").count() == 1
    activities.nth(1).locator("a").click()
    page.wait_for_url(lambda u: "/workplan/" in u)
    called = page.locator("[data-testid=called-for-by]")
    assert TEXT[language]["called"] in page.inner_text("main")
    called.locator("a").first.click()
    page.wait_for_url(lambda u: "/communiques/" in u and "#p-" in u)
    page.goto(url)  # the screenshots at 375 and 1280 px are of the communiqué page
