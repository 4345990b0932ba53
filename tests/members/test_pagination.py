"""The members app's long lists paginate: at the network's scale (57 states, 114 active focal
points) everything is on the first page; beyond it, the next states are on the next pages, the
links keep the filters, and a page costs the same queries at ten times the data."""

import re

import pytest
from django.urls import reverse

from members.models import FocalPoint, Institution, MemberState
from members.selectors import STATES_PER_PAGE

pytestmark = pytest.mark.django_db

_LETTERS, _DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
_CODES = [a + b for a in _LETTERS for b in _DIGITS] + [b + a for b in _DIGITS for a in _LETTERS]


def _add_states(count):
    """`count` more states (codes with a digit: no real country's), named to sort after the
    real ones ("Zz…"), in the "asian" group."""
    MemberState.objects.bulk_create(
        MemberState(
            country=code,
            iso3=f"X{code}",
            name=f"Zz state {n:03}",
            name_en=f"Zz state {n:03}",
            name_ar=f"دولة {n:03}",
            name_fr=f"Zz État {n:03}",
            oic_group="asian",
        )
        for n, code in enumerate(_CODES[:count])
    )


def _staff_every_state():
    """An institution and an active primary and alternate for each state that has none."""
    states = list(MemberState.objects.filter(focal_points__isnull=True))
    institutions = Institution.objects.bulk_create(
        Institution(member_state=state, name=f"PES {state.iso3}", name_en=f"PES {state.iso3}")
        for state in states
    )
    FocalPoint.objects.bulk_create(
        FocalPoint(
            member_state=state,
            institution=institution,
            role=role,
            status=FocalPoint.Status.ACTIVE,
            given_name="Focal",
            family_name=f"{state.iso3} {role}",
            email=f"{role}.{state.iso3.lower()}@example.org",
        )
        for state, institution in zip(states, institutions, strict=True)
        for role in (FocalPoint.Role.PRIMARY, FocalPoint.Role.ALTERNATE)
    )


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _states_in(page):
    return re.findall(r'<tr data-iso3="(\w+)"', page)


PAGINATED = [
    "/en/members/",
    "/en/members/directory/",
    "/en/members/secretariat/",
    "/en/members/secretariat/?group=asian",
    "/en/members/secretariat/dashboard/",
]


def test_the_networks_57_states_fit_on_the_first_page(client, secretariat_user, reference_data):
    _staff_every_state()
    client.force_login(secretariat_user)
    for url in PAGINATED:
        page = client.get(url).content.decode()
        assert 'data-testid="pagination"' not in page, url
    assert len(_states_in(client.get("/en/members/").content.decode())) == 57
    network = client.get("/en/members/directory/").content.decode()
    assert network.count("<tr data-focal-point=") == 114
    dashboard = client.get("/en/members/secretariat/dashboard/").content.decode()
    assert dashboard.count("<tr data-state=") == 57


def test_public_list_page_two_shows_the_next_states(client, reference_data):
    _add_states(10)
    first = client.get("/en/members/").content.decode()
    assert len(_states_in(first)) == STATES_PER_PAGE
    # The count is the whole list's.
    assert "The 67 member states" in first
    assert 'href="?page=2" rel="next"' in first
    assert "Page 1 of 2" in first
    second = client.get("/en/members/", {"page": 2}).content.decode()
    assert _states_in(second) == [f"X{code}" for code in _CODES[3:10]]
    assert "The 67 member states" in second
    assert 'href="?page=1" rel="prev"' in second


def test_secretariat_directory_pages_keep_the_filters(client, secretariat_user, reference_data):
    _add_states(70)
    client.force_login(secretariat_user)
    url = reverse("members:secretariat_directory")
    first = client.get(url, {"status": "none", "group": "asian"}).content.decode()
    assert len(_states_in(first)) == STATES_PER_PAGE
    asian = MemberState.objects.filter(oic_group="asian").count()
    assert f"{asian} member states" in first  # the whole filtered list's count
    assert 'href="?status=none&amp;group=asian&amp;page=2" rel="next"' in first
    second = client.get(url, {"status": "none", "group": "asian", "page": 2}).content.decode()
    shown = _states_in(second)
    assert shown and not set(shown) & set(_states_in(first))
    assert shown[-1] == f"X{_CODES[69]}"
    assert "Page 2 of 2" in second
    assert 'href="?status=none&amp;group=asian&amp;page=1" rel="prev"' in second
    # The search's own results paginate too, and their links keep the search.
    searched = client.get(url, {"q": "", "status": "none", "page": 2}).content.decode()
    assert 'href="?q=&amp;status=none&amp;page=1" rel="prev"' in searched


def test_network_directory_page_two_shows_the_next_focal_points(
    client, secretariat_user, reference_data
):
    _add_states(10)
    _staff_every_state()
    client.force_login(secretariat_user)
    first = client.get("/en/members/directory/").content.decode()
    assert first.count("<tr data-focal-point=") == 2 * STATES_PER_PAGE
    second = client.get("/en/members/directory/", {"page": 2}).content.decode()
    people = re.findall(r'<tr data-focal-point="(\d+)"', second)
    assert len(people) == 134 - 2 * STATES_PER_PAGE
    expected = FocalPoint.objects.filter(member_state__iso3=f"X{_CODES[9]}")
    assert {str(person.pk) for person in expected} <= set(people)
    assert 'href="?page=1" rel="prev"' in second


def test_dashboard_paginates_participation_but_counts_and_maps_every_state(
    client, secretariat_user, reference_data
):
    _add_states(10)
    client.force_login(secretariat_user)
    url = reverse("members:dashboard")
    first = client.get(url).content.decode()
    assert first.count("<tr data-state=") == STATES_PER_PAGE
    assert 'data-testid="count-none">67<' in first
    assert "Map of the 67 member states" in first
    # The 57 have their place on the tile map; states without one get no tile (they would be
    # stacked in one cell) but are said to be in the directory.
    assert first.count('class="tile ') == 57
    assert '<p class="small text-body-secondary" data-testid="unplaced">10 member states' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert re.findall(r'<tr data-state="(\w+)"', second) == [f"X{c}" for c in _CODES[3:10]]
    assert second.count('class="tile ') == 57


@pytest.mark.parametrize("url", PAGINATED)
@pytest.mark.parametrize("number", ["abc", "999", "0", "-1", "1.5", "9" * 5000])
def test_bad_page_numbers_answer_a_page(client, secretariat_user, reference_data, url, number):
    _add_states(10)
    client.force_login(secretariat_user)
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}page={number}")
    assert response.status_code == 200


@pytest.mark.parametrize("url", PAGINATED)
def test_a_page_costs_the_same_queries_at_ten_times_the_data(
    client, secretariat_user, reference_data, url
):
    client.force_login(secretariat_user)
    second_page = url + ("&" if "?" in url else "?") + "page=2"
    client.get(url)  # the caches' generations exist from now on
    _staff_every_state()  # and each change of the data below makes the next request cold
    first_at_scale = _queries(client, url)
    second_at_scale = _queries(client, second_page)  # the signed-in user is cached by now
    _add_states(57 * 9)
    _staff_every_state()
    assert MemberState.objects.count() == 570
    assert _queries(client, url) == first_at_scale
    assert _queries(client, second_page) == second_at_scale


def test_exports_stay_whole(client, secretariat_user, reference_data):
    import csv
    import io

    _add_states(70)
    _staff_every_state()
    client.force_login(secretariat_user)
    content = client.get(reverse("members:export", kwargs={"fmt": "csv"})).content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    people = [row for row in rows if row["record"] == "focal_point"]
    assert len(people) == 2 * 127  # every state's, not a page's
    vcards = client.get(reverse("members:vcards")).content.decode()
    assert vcards.count("BEGIN:VCARD") == 2 * 127


def test_a_page_number_beyond_the_last_is_shown_but_not_stored_again(client, reference_data):
    """`?page=999` shows the last page without a fragment of its own in the cache, which never
    evicts: otherwise every number anyone sends would store the table once more."""
    from django.core.cache import cache

    _add_states(STATES_PER_PAGE)  # two pages
    url = reverse("members:public_list")
    last = client.get(url, {"page": 2}).content.decode()
    stored = set(cache.keys("members:fragment:public:*"))
    for number in ("999", "1000", "3"):
        page = client.get(url, {"page": number}).content.decode()
        assert "Zz state 059" in page and "Zz state 059" in last
    assert set(cache.keys("members:fragment:public:*")) == stored
