"""The plan page and the chair's dashboard a page at a time: the network's plan (16 activities)
fits on the first page as before, ten times it is paginated, the figures still count the whole
plan, the filters stay in the links, and a page costs the same queries at any size."""

import re

import pytest
from django.urls import reverse

from workplan.cache import WORKPLAN
from workplan.selectors import ACTIVITIES_PER_PAGE, REPORTS_PER_PAGE

from ..html import pagination_links
from .test_caching import CACHED_QUERIES
from .test_views import DASHBOARD_QUERIES, PLAN_PAGE_QUERIES, as_role, plan_with

pytestmark = pytest.mark.django_db


def _html(client, url, query=None):
    response = client.get(url, query or {})
    assert response.status_code == 200
    return response.content.decode()


def _rows(html):
    return re.findall(r'data-testid="activity-row" data-code="([^"]+)"', html)


def _bars(html):
    return re.findall(r'<g class="wp-gantt-row[^"]*" data-code="([^"]+)"', html)


def test_the_networks_plan_fits_on_one_page_as_before(client):
    plan = plan_with(16)
    html = _html(client, plan.get_absolute_url())
    assert len(_rows(html)) == 16 and len(_bars(html)) == 16
    assert 'data-testid="pagination"' not in html


def test_page_two_goes_on_with_the_next_activities_and_their_chart(client):
    plan = plan_with(60)
    url = plan.get_absolute_url()
    first, second, third = (_html(client, url, {"page": n}) for n in (1, 2, 3))
    pages = [_rows(first), _rows(second), _rows(third)]
    assert [len(rows) for rows in pages] == [ACTIVITIES_PER_PAGE, ACTIVITIES_PER_PAGE, 10]
    every = [code for rows in pages for code in rows]
    assert len(set(every)) == 60  # no activity twice, none left out
    # The Gantt chart draws the page's activities, not the whole plan's.
    assert sorted(_bars(second)) == sorted(pages[1])
    assert "Page 2 of 3" in second
    assert pagination_links(second) == ["?page=1", "?page=3"]
    # The figures are the whole plan's on every page: 60 activities in progress.
    for html in (first, second, third):
        assert re.search(r"wp-status-in_progress\">[^<]+</span> 60</li>", html)


def test_filters_are_kept_in_the_links_and_paginated_too(client):
    plan = plan_with(60)
    url = plan.get_absolute_url()
    plan.activities.exclude(category="capacity_building").update(status="planned")
    planned = plan.activities.filter(status="planned").count()
    assert ACTIVITIES_PER_PAGE < planned <= 2 * ACTIVITIES_PER_PAGE
    first = _html(client, url, {"status": "planned"})
    assert pagination_links(first) == ["?status=planned&page=2"]
    second = _html(client, url, {"status": "planned", "page": 2})
    assert pagination_links(second) == ["?status=planned&page=1"]
    codes = _rows(first) + _rows(second)
    assert len(codes) == planned == len(set(codes))
    assert set(codes) == set(
        plan.activities.filter(status="planned").values_list("code", flat=True)
    )
    assert f"{planned} activities match." in second


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_a_bad_page_number_is_a_page_not_an_error(client, chair_user, page):
    plan = plan_with(60)
    html = _html(client, plan.get_absolute_url(), {"page": page})
    # Not a number: the first page; out of range: the last one (Paginator.get_page).
    expected = 1 if page == "abc" else 3
    assert _rows(html) == _rows(_html(client, plan.get_absolute_url(), {"page": expected}))
    as_role(client, chair_user)
    assert client.get(reverse("workplan:dashboard"), {"page": page}).status_code == 200


def test_each_page_is_cached_under_its_own_number(client, chair_user, django_assert_num_queries):
    plan = plan_with(60)
    url = plan.get_absolute_url()
    as_role(client, chair_user)
    for page in (1, 2):
        _html(client, url, {"status": "in_progress", "page": page})
    with django_assert_num_queries(CACHED_QUERIES):
        second = _html(client, url, {"status": "in_progress", "page": 2})
    assert "Page 2 of 3" in second


@pytest.mark.parametrize("count", [15, 150])
def test_a_page_of_the_plan_costs_the_same_queries_at_any_size(
    client, django_assert_num_queries, count, chair_user
):
    plan = plan_with(count)
    as_role(client, chair_user)
    url = plan.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        html = _html(client, url, {"status": "in_progress", "page": 2})
    assert len(_rows(html)) == min(count, ACTIVITIES_PER_PAGE)


def _pending(html):
    return html.count('data-testid="pending-report"')


def test_the_dashboard_shows_the_reports_waiting_for_review_a_page_at_a_time(client, chair_user):
    plan_with(150)  # a report waiting for every fourth activity: 38
    as_role(client, chair_user)
    url = reverse("workplan:dashboard")
    first, second = _html(client, url), _html(client, url, {"page": 2})
    assert _pending(first) == REPORTS_PER_PAGE and _pending(second) == 38 - REPORTS_PER_PAGE
    for html in (first, second):
        assert re.search(r'data-testid="pending-count">38<', html)
        assert re.search(r"150 activities", html)
    assert pagination_links(second) == ["?page=1"]
    title = re.compile(r'data-testid="pending-report">\s*<div[^>]*>\s*<a[^>]*>([^<]+)')
    on_first, on_second = set(title.findall(first)), set(title.findall(second))
    assert len(on_first) == REPORTS_PER_PAGE and on_first.isdisjoint(on_second)


def test_the_dashboard_of_the_networks_plan_is_one_page(client, chair_user):
    plan_with(16)
    as_role(client, chair_user)
    html = _html(client, reverse("workplan:dashboard"))
    assert _pending(html) == 4 and 'data-testid="pagination"' not in html


@pytest.mark.parametrize("count", [15, 150])
def test_a_page_of_the_dashboard_costs_the_same_queries_at_any_size(
    client, django_assert_num_queries, count, chair_user
):
    plan_with(count)
    as_role(client, chair_user)
    url = reverse("workplan:dashboard")
    client.get(url)
    WORKPLAN.bump()  # rendered again, not served from the page cache
    with django_assert_num_queries(DASHBOARD_QUERIES):
        html = _html(client, url, {"page": 2})
    assert _pending(html) == (count + 3) // 4 - (REPORTS_PER_PAGE if count > 100 else 0)


def test_a_page_number_beyond_the_last_is_shown_but_not_stored_again(client):
    """The plan's fragment is stored for the pages that exist only (its cache never evicts)."""
    from django.core.cache import cache

    plan = plan_with(60)
    url = plan.get_absolute_url()
    last = _rows(_html(client, url, {"page": 3}))
    stored = set(cache.keys("workplan:fragment:plan:*"))
    for number in ("4", "999", "1000"):
        assert _rows(_html(client, url, {"page": number})) == last
    assert set(cache.keys("workplan:fragment:plan:*")) == stored
