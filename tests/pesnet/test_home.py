"""The home page: "what needs you" for each role, each item linking to where it is done, and the
network as it is for everyone; cached, with its query counts asserted per role."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from communiques.models import Communique
from meetings.models import Registration
from members.models import FocalPoint, Invitation
from outbox.models import OutboxMessage

from ..factories import FocalPointFactory, UserFactory
from ..meetings.factories import MeetingFactory
from ..outbox.factories import OutboxMessageFactory
from ..workplan.factories import ActivityFactory, ProgressReportFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

HOME = "/en/"


@pytest.fixture
def world(reference_data, role_users):
    from members.models import MemberState

    turkiye = MemberState.objects.get(iso3="TUR")
    focal = FocalPoint.objects.get(user=role_users["focal_point"])
    focal.details_confirmed_at = timezone.now() - datetime.timedelta(days=400)
    focal.save()
    plan = WorkPlanFactory(start_year=2021, end_year=2030)
    due = ActivityFactory(plan=plan, lead_member_state=turkiye, code="1.1", progress=40)
    reported = ActivityFactory(plan=plan, lead_member_state=turkiye, code="1.2", progress=80)
    ProgressReportFactory(
        activity=reported, date=timezone.localdate(), submitted_by=role_users["focal_point"]
    )
    meeting = MeetingFactory()
    Registration.objects.create(
        meeting=meeting,
        user=role_users["focal_point"],
        member_state=turkiye,
        status=Registration.Status.INVITED,
    )
    consulted = MeetingFactory(
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=29),
    )
    communique = Communique.objects.create(
        meeting=consulted,
        title="Final communiqué of the Fourth Meeting",
        date=timezone.localdate(),
        status=Communique.Status.CONSULTATION,
        consultation_deadline=timezone.now() + datetime.timedelta(days=5),
    )
    FocalPointFactory(
        member_state=MemberState.objects.get(iso3="SEN"), status=FocalPoint.Status.SUBMITTED
    )
    Invitation.objects.create(
        member_state=MemberState.objects.get(iso3="MAR"),
        role="primary",
        email="soon@example.org",
        given_name="Amina",
        family_name="Alaoui",
        token_hash="e" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    OutboxMessageFactory(status=OutboxMessage.Status.FAILED)
    OutboxMessageFactory(status=OutboxMessage.Status.SENDING, needs_review=True)
    return {"due": due, "meeting": meeting, "communique": communique, "users": role_users}


def _needs(html) -> dict[str, str]:
    """data-need → the link of each "what needs you" item."""
    block = html.split('data-testid="home-needs"')[1].split("</section>")[0]
    return dict(re.findall(r'data-need="(\w+)">.*?href="([^"]+)"', block, re.S))


# Queries of a first (uncached) rendering per role, with the request's savepoint and its
# release: the network's sections (states, institutions, focal points; next meeting; latest
# communiqué; plan and its activities; announcements: 8), the signed-in user (account,
# groups, two-factor, member state: 4) and each app's items of "what needs you". A second
# request is served from the page cache.
QUERIES = {"anonymous": 10, "focal_point": 19, "chair": 18, "secretariat": 19}


@pytest.mark.parametrize("role", ["anonymous", "focal_point", "chair", "secretariat"])
def test_each_role_sees_its_work_in_counted_queries(client, world, role, django_assert_num_queries):
    user = world["users"][role]
    if user:
        client.force_login(user)
    with django_assert_num_queries(QUERIES[role]):
        response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    # The network as it is, for everyone.
    assert 'data-testid="home-nominations"' in html
    assert re.search(r'data-testid="nominated-count">1<', html)
    assert "of 57 member states" in html
    assert html.count('class="tile ') == 57
    assert world["meeting"].title in html  # the next meeting
    assert 'data-testid="home-overall-progress"' in html
    assert "60%" in html  # (40 + 80) / 2
    if role == "anonymous":
        assert 'data-testid="home-needs"' not in html
    else:
        needs = _needs(html)
        expected = {
            "focal_point": {
                "details_to_confirm": reverse("members:state_detail", kwargs={"iso3": "TUR"}),
                "report_due": reverse("workplan:submit_report", kwargs={"pk": world["due"].pk}),
                "meeting_to_answer": world["meeting"].get_absolute_url(),
                "consultation_open": reverse(
                    "communiques:work", kwargs={"pk": world["communique"].pk}
                ),
            },
            "chair": {
                "reports_to_review": reverse("workplan:dashboard"),
                "consultation_open": reverse(
                    "communiques:work", kwargs={"pk": world["communique"].pk}
                ),
            },
            "secretariat": {
                "nominations_to_verify": reverse("members:secretariat_directory")
                + "?status=pending",
                "invitations_expiring": reverse("members:secretariat_directory")
                + "?status=pending",
                "messages_failed": reverse("outbox:list") + "?status=failed",
                "messages_to_review": reverse("outbox:list") + "?status=review",
            },
        }[role]
        assert needs == expected, (needs, expected)
        # Each link opens for this user.
        for url in needs.values():
            assert client.get(url).status_code == 200, url
    # Cached: the same page again costs at most the session's reads.
    with django_assert_num_queries(2):  # the request's savepoint and its release
        again = client.get(HOME)
    assert again.content.decode().count("data-need=") == html.count("data-need=")


def test_the_cached_home_follows_changes(client, world):
    client.force_login(world["users"]["focal_point"])
    assert "meeting_to_answer" in _needs(client.get(HOME).content.decode())
    Registration.objects.filter(user=world["users"]["focal_point"]).update(
        status=Registration.Status.REGISTERED
    )
    assert "meeting_to_answer" not in _needs(client.get(HOME).content.decode())
    client.logout()
    assert world["meeting"].title in client.get(HOME).content.decode()
    world["meeting"].status = "cancelled"
    world["meeting"].save()
    assert world["meeting"].title not in client.get(HOME).content.decode()


def test_a_new_nominee_is_led_to_their_nomination(client, world):
    from members.models import MemberState

    user = UserFactory(email="new.nominee@example.org")
    person = FocalPointFactory(
        member_state=MemberState.objects.get(iso3="DZA"),
        user=user,
        email=user.email,
        status=FocalPoint.Status.SUBMITTED,
    )
    client.force_login(user)
    needs = _needs(client.get(HOME).content.decode())
    assert needs == {"my_nomination": reverse("members:nomination", kwargs={"pk": person.pk})}
