"""Follow-up tied to the work plan (issue 12): a follow-up action names the activity (or the
plan) it carries out; the communiqué page shows its progress, the activity page the paragraphs
that call for it."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communiques import services
from communiques.cache import COMMUNIQUES
from communiques.models import Communique, FollowUp
from communiques.services import WorkflowError
from tests.workplan.factories import ActivityFactory, ProgressReportFactory, WorkPlanFactory
from workplan.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(communique, secretariat_user):
    services.adopt(communique, by=secretariat_user)
    services.publish(communique, by=secretariat_user)
    return Communique.objects.get(pk=communique.pk)


def operative(communique, number):
    return communique.paragraphs.filter(kind="operative").order_by("order")[number - 1]


def link(paragraph, activity=None, plan=None, action="Carry it out"):
    return services.save_follow_up(
        FollowUp(
            paragraph=paragraph,
            action_en=action,
            responsible=FollowUp.Responsible.SECRETARIAT,
            link=FollowUp.Link.ACTIVITY if activity else FollowUp.Link.WORK_PLAN,
            activity=activity,
            work_plan=plan,
        )
    )


def test_the_secretariat_links_an_activity_in_the_follow_up_form(
    client, secretariat_user, published
):
    activity = ActivityFactory(code="1.1", title_en="PES-CaB training", progress=35)
    client.force_login(secretariat_user)
    url = reverse("communiques:follow_ups", args=[published.pk])
    form = client.get(url).content.decode()
    assert "1.1 PES-CaB training" in form
    data = {
        "paragraph": operative(published, 6).pk,
        "action_en": "Run the PES-CaB training programme",
        "responsible": "secretariat",
        "status": "in_progress",
        "link": "activity",
    }
    missing = client.post(url, data)
    assert missing.status_code == 200
    assert "Choose the work-plan activity this action carries out." in missing.content.decode()
    assert not FollowUp.objects.exists()
    assert client.post(url, {**data, "activity": activity.pk}).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.activity == activity and follow_up.work_plan is None
    # Another link drops the activity: an action carries out one thing.
    edit = reverse("communiques:follow_up_edit", args=[follow_up.pk])
    saved = client.post(edit, {**data, "link": "work_plan", "work_plan": activity.plan.pk})
    assert saved.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.activity is None and follow_up.work_plan == activity.plan


def test_the_communique_page_shows_the_activity_progress_beside_the_paragraph(client, published):
    activity = ActivityFactory(code="1.1", title_en="PES-CaB training", progress=35)
    ProgressReportFactory(
        activity=activity,
        date=datetime.date(2022, 3, 15),
        review_status=ProgressReport.Review.ACCEPTED,
    )
    ProgressReportFactory(activity=activity, date=datetime.date(2022, 9, 1))  # not reviewed
    link(operative(published, 6), activity=activity)
    plan_activity = ActivityFactory(code="2.1", progress=60)
    link(operative(published, 9), plan=plan_activity.plan)
    page = client.get(reverse("communiques:detail", args=[published.pk]) + "?text=en")
    html = page.content.decode()
    assert page.status_code == 200
    shown = html[html.index('data-testid="follow-up-activity"') :]
    shown = shown[: shown.index("</div>")]
    assert activity.get_absolute_url() in shown and "1.1 PES-CaB training" in shown
    assert "In progress" in shown and "35% done" in shown
    assert "latest accepted report 15 March 2022" in shown
    plan = html[html.index('data-testid="follow-up-work-plan"') :]
    plan = plan[: plan.index("</div>")]
    # (35 + 60) / 2: the top-level activities of the plan, as the work-plan page counts them.
    assert plan_activity.plan.get_absolute_url() in plan and "48% done overall" in plan
    arabic = client.get("/ar" + reverse("communiques:detail", args=[published.pk])[3:])
    assert arabic.status_code == 200 and 'data-testid="follow-up-activity"' in arabic.text


def test_the_communique_page_reads_the_work_plan_in_constant_queries(client, published):
    url = reverse("communiques:detail", args=[published.pk]) + "?text=side-by-side"
    first = ActivityFactory(code="1.1")
    ProgressReportFactory(activity=first, review_status=ProgressReport.Review.ACCEPTED)
    link(operative(published, 6), activity=first)
    link(operative(published, 9), plan=first.plan)
    client.get(url)  # warm what is cached per process (translations, templates)
    COMMUNIQUES.bump()  # a full rendering, not the cached page
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in (1, 2, 3, 4, 7):
        activity = ActivityFactory(code=f"3.{number}")
        ProgressReportFactory(activity=activity, review_status=ProgressReport.Review.ACCEPTED)
        link(operative(published, number), activity=activity)
    link(operative(published, 10), plan=WorkPlanFactory(start_year=2023, end_year=2024))
    assert client.get(url).status_code == 200  # (the links moved the page's generations)
    COMMUNIQUES.bump()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)


def test_the_activity_page_lists_the_paragraphs_that_call_for_it(client, published, communique):
    activity = ActivityFactory(code="1.2", title_en="Palestine")
    link(operative(published, 7), activity=activity, action="Support Palestine's PES")
    other = ActivityFactory(code="1.3")
    page = client.get(activity.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    listed = html[html.index('data-testid="called-for-by"') :]
    listed = listed[: listed.index("</ul>")]
    anchor = f"{reverse('communiques:detail', args=[published.pk])}#p-{operative(published, 7).pk}"
    assert anchor in listed and "Operative paragraph 7 of the communiqué" in listed
    assert "Support Palestine&#x27;s PES" in listed
    assert 'data-testid="called-for-by"' not in client.get(other.get_absolute_url()).text


def test_a_draft_communique_is_not_listed_on_the_activity_page(client, communique):
    activity = ActivityFactory(code="1.2")
    link(operative(communique, 7), activity=activity)
    assert 'data-testid="called-for-by"' not in client.get(activity.get_absolute_url()).text


def test_an_activity_and_the_plan_are_alternatives(published):
    activity = ActivityFactory(code="1.1")
    with pytest.raises(WorkflowError):
        services.save_follow_up(
            FollowUp(
                paragraph=operative(published, 6),
                action_en="x",
                responsible="secretariat",
                link=FollowUp.Link.ACTIVITY,
            )
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            paragraph=operative(published, 6),
            action_en="x",
            responsible="secretariat",
            activity=activity,
            work_plan=activity.plan,
        )


def test_the_demo_links_paragraphs_6_7_and_9_to_the_work_plan(settings, client):
    settings.DEBUG = True
    call_command("seed_pesnet", verbosity=0)
    call_command("seed_demo", password="demo-password-123", stdout=open("/dev/null", "w"))
    communique = Communique.objects.get(is_demo=True)
    linked = {
        follow_up.paragraph_id: follow_up
        for follow_up in FollowUp.objects.filter(paragraph__communique=communique).exclude(
            activity=None, work_plan=None
        )
    }
    assert linked[operative(communique, 6).pk].activity.code == "1.1"
    assert linked[operative(communique, 7).pk].activity.code == "1.2"
    plan = linked[operative(communique, 9).pk].work_plan
    assert (plan.start_year, plan.end_year) == (2021, 2022)
    assert len(linked) == 3
    # Seeding again adds nothing twice.
    call_command("seed_demo", password="demo-password-123", stdout=open("/dev/null", "w"))
    assert FollowUp.objects.exclude(activity=None, work_plan=None).count() == 3
    page = client.get(reverse("communiques:detail", args=[communique.pk]) + "?text=en").text
    assert "PES-CaB" in page and 'data-testid="follow-up-work-plan"' in page
