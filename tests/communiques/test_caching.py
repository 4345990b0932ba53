"""The communiqué page, the list, the Rules of Procedure and the cached PDF download are served
from the cache (communiques/cache.py): the same query count with ten times the follow-up
actions, and a change shows at once."""

import datetime

import pytest
from django.urls import reverse

from communiques import services
from communiques.models import Communique, FollowUp
from communiques.tasks import render_communique_pdf
from meetings.models import Meeting
from workplan.cache import WORKPLAN

from .samples import sample_communique, sample_rules

pytestmark = pytest.mark.django_db

# A cached page reads Redis only: what is counted is the request's savepoint and its release
# (ATOMIC_REQUESTS), no SQL.
CACHED_QUERIES = 2
COMMUNIQUE_PAGE_QUERIES = 6


def _get(client, url, django_assert_num_queries=None, expected=None, **extra):
    if django_assert_num_queries is None:
        response = client.get(url, **extra)
    else:
        with django_assert_num_queries(expected):
            response = client.get(url, **extra)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def _with_follow_ups(communique, count):
    meeting = Meeting.objects.order_by("start").first()
    paragraphs = list(communique.paragraphs.filter(kind="operative").order_by("order"))
    for n in range(count):
        services.save_follow_up(
            FollowUp(
                paragraph=paragraphs[n % len(paragraphs)],
                action_en=f"Follow-up action {n}",
                responsible=FollowUp.Responsible.SECRETARIAT,
                link=FollowUp.Link.MEETING if n % 2 else FollowUp.Link.NOMINATIONS,
                meeting=meeting if n % 2 else None,
            )
        )


@pytest.mark.parametrize("scale", [1, 10])
def test_communique_page_query_count_does_not_grow(client, django_assert_num_queries, scale):
    communique = sample_communique()
    _with_follow_ups(communique, 2 * scale)
    url = reverse("communiques:detail", args=[communique.pk]) + "?text=ar"
    first = _get(client, url, django_assert_num_queries, COMMUNIQUE_PAGE_QUERIES)
    cached = _get(client, url, django_assert_num_queries, CACHED_QUERIES)
    for response in (first, cached):  # the same page (but for the masked CSRF token)
        assert response.content.decode().count("Follow-up action") == 2 * scale


def test_the_communique_page_follows_its_follow_ups_and_the_work_plan(
    client, django_assert_num_queries
):
    communique = sample_communique()
    url = reverse("communiques:detail", args=[communique.pk])
    _get(client, url)
    follow_up = FollowUp.objects.filter(paragraph__communique=communique).get()
    follow_up.action_en = "Collect the nominations still missing"
    services.save_follow_up(follow_up)
    assert "Collect the nominations still missing" in _get(client, url).content.decode()
    # A linked activity's progress is shown beside its paragraph: the work plan's generation.
    _get(client, url, django_assert_num_queries, CACHED_QUERIES)
    WORKPLAN.bump()
    _get(client, url, django_assert_num_queries, COMMUNIQUE_PAGE_QUERIES)


def test_list_and_rules_of_procedure_are_cached_and_follow_changes(
    client, django_assert_num_queries
):
    communique = sample_communique()
    rules = sample_rules()
    for url in (reverse("communiques:list"), reverse("communiques:rules")):
        _get(client, url)
        _get(client, url, django_assert_num_queries, CACHED_QUERIES)
    # A bulk update sends no signal: the queryset moves the generation all the same.
    listing = reverse("communiques:list")
    assert 'data-testid="demo-badge"' not in _get(client, listing).content.decode()
    Communique.objects.filter(pk=communique.pk).update(is_demo=True)
    assert 'data-testid="demo-badge"' in _get(client, listing).content.decode()
    article = rules.chapters.get().articles.get()
    services.update_article(article, {"body_en": "The Network is a forum for all."})
    latest_meeting = Meeting.objects.order_by("-start").first()
    services.adopt_rules(rules, latest_meeting, datetime.date(2024, 1, 1), "")
    html = _get(client, reverse("communiques:rules")).content.decode()
    assert "The Network is a forum for all." in html


def test_a_cached_pdf_download_reads_no_sql_and_keeps_its_etag(client, django_assert_num_queries):
    communique = sample_communique()
    url = reverse("communiques:pdf", args=[communique.pk, "side-by-side"])
    digest = render_communique_pdf(communique.pk, "side-by-side")
    first = _get(client, url)
    data = b"".join(first.streaming_content)
    cached = _get(client, url, django_assert_num_queries, CACHED_QUERIES)
    assert b"".join(cached.streaming_content) == data and data.startswith(b"%PDF")
    assert cached["ETag"] == first["ETag"] == f'"{digest}"'
    assert cached["Content-Disposition"] == first["Content-Disposition"]
    assert cached["Content-Length"] == str(len(data))
    not_modified = _get(
        client, url, django_assert_num_queries, CACHED_QUERIES, HTTP_IF_NONE_MATCH=f'"{digest}"'
    )
    assert not_modified.status_code == 304
    # The permission checks stay: the working copy's PDF is still hidden from the public.
    assert client.get(url + "?version=working").status_code == 404
    assert client.get(url + "?version=1").status_code == 404
    # A change to the communiqué forgets what the cached download knew: checked again.
    Communique.objects.filter(pk=communique.pk).update(is_demo=True)
    again = client.get(url)
    assert again.status_code == 202  # the demo badge makes another PDF, asked of a worker
