"""The work plan's pages are cached per viewer and their Gantt chart and tables once per data
version (workplan/cache.py): the same query count at the network's plan (15 activities) and at
ten times it, and a change shows at once."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from workplan import services
from workplan.models import Activity, ProgressExport
from workplan.selectors import ACTIVITIES_PER_PAGE

from .test_views import as_role, plan_with

pytestmark = pytest.mark.django_db

# A cached page reads Redis only: what is counted is the request's savepoint and its release
# (ATOMIC_REQUESTS), no SQL.
CACHED_QUERIES = 2
# Another viewer's first view of the plan page: their user (4, cached afterwards), the plan
# and the list of plans, and the savepoints; nothing that grows with the plan (the chart and
# the tables are the fragment another viewer's page rendered).
FIRST_VIEW_QUERIES = 8
# ... and the published paragraphs whose follow-up calls for the activity (one query).
ACTIVITY_PAGE_QUERIES = 14


def _queries(django_assert_num_queries, client, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [15, 150])
def test_plan_page_cached_and_first_views_do_not_grow_with_the_plan(
    client, django_assert_num_queries, count, chair_user, secretariat_user
):
    plan = plan_with(count)
    url = plan.get_absolute_url()
    as_role(client, chair_user)
    shown = min(count, ACTIVITIES_PER_PAGE)  # the first page of the activities
    first = client.get(url).content.decode()
    html = _queries(django_assert_num_queries, client, url, CACHED_QUERIES)
    assert html.count('data-testid="activity-row"') == shown
    # The token of the form on the page is this viewer's, not the one the page was cached with.
    assert html.count('data-testid="gantt"') == 1 and first.count("activity-row") == shown
    # Another viewer (other roles, other buttons) reuses the chart and the tables.
    as_role(client, secretariat_user)
    html = _queries(django_assert_num_queries, client, url, FIRST_VIEW_QUERIES)
    assert html.count('data-testid="activity-row"') == shown
    assert "Add an activity" in html and "Add an activity" not in first


@pytest.mark.parametrize("count", [15, 150])
def test_dashboard_and_activity_page_are_cached(
    client, django_assert_num_queries, count, chair_user
):
    plan = plan_with(count)
    activity = plan.activities.filter(reports__isnull=False).first()
    as_role(client, chair_user)
    for url in (reverse("workplan:dashboard"), activity.get_absolute_url()):
        client.get(url)
        _queries(django_assert_num_queries, client, url, CACHED_QUERIES)
    # Anonymous visitors are cached too (no session to read).
    as_role(client, None)
    client.get(activity.get_absolute_url())
    _queries(django_assert_num_queries, client, activity.get_absolute_url(), CACHED_QUERIES)


@pytest.mark.parametrize("count", [15, 150])
def test_activity_page_query_count_is_constant(
    client, django_assert_num_queries, count, chair_user
):
    plan = plan_with(count)
    activity = plan.activities.filter(reports__isnull=False).first()
    as_role(client, chair_user)
    _queries(django_assert_num_queries, client, activity.get_absolute_url(), ACTIVITY_PAGE_QUERIES)


def test_a_change_shows_at_once_on_every_cached_page(client, chair_user, activity, pending_report):
    as_role(client, chair_user)
    plan_url = activity.plan.get_absolute_url()
    pages = [plan_url, activity.get_absolute_url(), reverse("workplan:dashboard")]
    for url in pages:
        assert client.get(url).status_code == 200
    services.accept_report(by=chair_user, report=pending_report, comment="")
    activity.refresh_from_db()
    dashboard = client.get(reverse("workplan:dashboard")).content.decode()
    assert "No report is waiting for review." in dashboard
    # A bulk update sends no signal; the queryset moves the generation all the same.
    Activity.objects.filter(pk=activity.pk).update(title_en="A title changed in bulk")
    for url in pages[:2]:
        assert "A title changed in bulk" in client.get(url).content.decode(), url


def test_the_chair_downloads_the_progress_report_made_for_the_meeting(
    client, chair_user, focal_point_user, secretariat_user, activity
):
    """Issue 14: the chair presents the progress report to the meeting: the chair downloads it
    (and sees it on the dashboard) but does not make one."""
    plan = activity.plan
    export = ProgressExport.objects.create(
        plan=plan,
        format="pdf",
        language="en",
        requested_by=secretariat_user,
        state=ProgressExport.State.DONE,
        progress=100,
    )
    export.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    download = reverse("workplan:export_download", args=[export.pk])
    as_role(client, chair_user)
    dashboard = client.get(reverse("workplan:dashboard")).content.decode()
    assert 'data-testid="ready-exports"' in dashboard and download in dashboard
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    status = client.get(reverse("workplan:export_status", args=[export.pk]))
    assert status.status_code == 200 and download in status.content.decode()
    exports_page = reverse("workplan:exports", args=[plan.start_year, plan.end_year])
    assert client.get(exports_page).status_code == 403
    assert client.post(exports_page, {"format": "pdf", "language": "en"}).status_code == 403
    as_role(client, focal_point_user)
    assert client.get(download).status_code == 403
    assert 'data-testid="ready-exports"' not in client.get(plan.get_absolute_url()).content.decode()
