"""No main page overflows the viewport in French either (the longest of the three languages),
at phone and desk widths, for a visitor and for the secretariat. The page fixture measures the
overflow, runs axe-core and looks for empty headings on every page as it loads."""

import pytest

from .conftest import DESK, PHONE
from .seeding import seed_demo_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(settings):
    """The demo network: 57 states, the 2021–2022 work plan, the meetings and the third
    meeting's communiqué (published, with its follow-up)."""
    return seed_demo_network(settings)


MAIN_PAGES = [
    "/fr/",
    "/fr/members/",
    "/fr/workplan/",
    "/fr/communiques/{communique}/?text=fr",
    "/fr/communiques/{communique}/?text=side-by-side",
    "/fr/meetings/",
    "/fr/search/?q=emploi",
]


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_main_pages_fit_phone_and_desk_in_french(page, sign_in, network, who, request):
    if who == "secretariat":
        # After the seed, which puts back the roles' groups a transactional test empties.
        sign_in(request.getfixturevalue("secretariat_user"), language="fr")
    for size in (PHONE, DESK):
        page.set_viewport_size(size)
        for path in MAIN_PAGES:
            response = page.goto(page.base_url + path.format(communique=network.pk))
            assert response.status == 200, path
            assert page.evaluate("document.documentElement.lang") == "fr", path
            page.check_now()  # at this width, whatever the load listener saw
    assert not page.audit_problems, "\n".join(page.audit_problems)
