import pytest
from django.core.management import call_command

from workplan.models import Activity, Category, ProgressReport, WorkPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_pesnet", verbosity=0)
    call_command("seed_demo", password="demo-password-123", stdout=open("/dev/null", "w"))
    return WorkPlan.objects.get(start_year=2021, end_year=2022)


def test_demo_plan_is_plausible_and_marked(demo, client):
    activities = demo.activities.all()
    assert demo.is_demo
    assert 14 <= activities.count() <= 20
    assert set(activities.values_list("category", flat=True)) == set(Category.values)
    for activity in activities:
        assert activity.title_en and activity.title_ar, activity.code
    titles = " ".join(activities.values_list("title_en", flat=True))
    for expected in (
        "PES-CaB",
        "Palestine",
        "COVID-19",
        "Labour-market information",
        "Online meeting of the national focal points (2022)",
        "Fourth meeting",
    ):
        assert expected in titles, expected
    leads = {a.lead_state.iso3 for a in activities if a.lead_state}
    assert leads == {"TUR", "MAR", "IDN", "NGA", "PSE"}
    assert activities.filter(lead_organisation__slug="sesric").exists()
    assert ProgressReport.objects.filter(review_status="submitted").count() >= 3
    parent = activities.get(code="1.1")
    children = list(parent.children.exclude(status=Activity.Status.CANCELLED))
    expected = round(sum(c.progress * c.weight for c in children) / sum(c.weight for c in children))
    assert parent.progress == expected
    html = client.get(demo.get_absolute_url()).content.decode()
    assert 'data-testid="demo-badge"' in html


def test_seed_demo_twice_changes_nothing(demo):
    counts = (Activity.objects.count(), ProgressReport.objects.count())
    call_command("seed_demo", password="demo-password-123", stdout=open("/dev/null", "w"))
    assert (Activity.objects.count(), ProgressReport.objects.count()) == counts


def test_demo_plan_is_linked_to_the_third_meeting(demo, client):
    assert demo.adopted_at_meeting is not None
    assert demo.adopted_at_meeting.number == 3
    html = client.get(demo.get_absolute_url()).content.decode()
    assert str(demo.adopted_at_meeting) in html
