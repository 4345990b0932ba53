import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import FocalPoint, MemberState
from members.selectors import DirectoryStatus, directory_rows, status_counts

from ..factories import FocalPointFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def _state_rows():
    import json

    from members.reference import DATA_DIR

    return json.loads((DATA_DIR / "member_states.json").read_text(encoding="utf-8"))


def _populate(rows):
    """These member states, each with an institution and three focal points."""
    for row in rows:
        state, _ = MemberState.objects.get_or_create(
            country=row["iso2"],
            defaults={
                "iso3": row["iso3"],
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "oic_group": row["oic_group"],
            },
        )
        institution = InstitutionFactory(member_state=state)
        for role, status in (
            ("primary", "active"),
            ("alternate", "active"),
            ("alternate", "submitted"),
        ):
            FocalPointFactory(member_state=state, role=role, status=status, institution=institution)


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["secretariat_directory", "public_list", "directory"])
def test_directory_query_count_is_the_same_for_5_and_57_states(
    client, secretariat_user, django_assert_num_queries, url_name
):
    client.force_login(secretariat_user)
    url = reverse(f"members:{url_name}")
    rows = _state_rows()
    _populate(rows[:5])
    assert MemberState.objects.count() == 5
    small = _count_queries(client, url)
    _populate(rows[5:])
    assert MemberState.objects.count() == 57
    assert FocalPoint.objects.count() == 57 * 3
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200


def test_state_page_query_count_does_not_grow_with_people(
    client, secretariat_user, reference_data, django_assert_num_queries
):
    client.force_login(secretariat_user)
    state = MemberState.objects.get(iso3="SEN")
    FocalPointFactory(member_state=state)
    url = reverse("members:state_detail", kwargs={"iso3": "SEN"})
    baseline = _count_queries(client, url)
    for _ in range(4):
        FocalPointFactory(member_state=state, role="alternate", status="superseded")
    FocalPointFactory(
        member_state=state, role="alternate", status="active", verified_by=secretariat_user
    )
    FocalPointFactory(member_state=state, role="alternate", status="submitted")
    with django_assert_num_queries(baseline):
        client.get(url)


def test_statuses_and_filters(client, secretariat_user, reference_data):
    states = {s.iso3: s for s in MemberState.objects.all()}
    FocalPointFactory(member_state=states["TUR"])  # active primary
    FocalPointFactory(member_state=states["JOR"], role="alternate")  # alternate only
    FocalPointFactory(member_state=states["EGY"], status="submitted")  # pending
    FocalPointFactory(member_state=states["TUR"], role="alternate", status="submitted")
    stale = FocalPointFactory(member_state=states["NGA"])
    FocalPoint.objects.filter(pk=stale.pk).update(
        details_confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    rows = {row.state.iso3: row for row in directory_rows()}
    assert rows["TUR"].status == DirectoryStatus.ACTIVE and not rows["TUR"].stale
    assert rows["JOR"].status == DirectoryStatus.ALTERNATE_ONLY
    assert rows["EGY"].status == DirectoryStatus.PENDING
    assert rows["NGA"].stale
    assert rows["SEN"].status == DirectoryStatus.NONE
    counts = status_counts(rows.values())
    assert counts == {"none": 53, "pending": 2, "active": 2, "alternate_only": 1, "stale": 1}

    client.force_login(secretariat_user)
    url = reverse("members:secretariat_directory")

    def listed(**params):
        page = client.get(url, params).content.decode()
        import re

        return set(re.findall(r'<tr data-iso3="(\w+)"', page))

    assert listed(status="alternate_only") == {"JOR"}
    assert listed(status="pending") == {"EGY", "TUR"}  # Türkiye: an alternate to verify
    assert listed(status="stale") == {"NGA"}
    assert listed(status="active") == {"TUR", "NGA"}
    assert len(listed(status="none")) == 53
    assert listed(group="arab", status="pending") == {"EGY"}
    assert listed(q="iskur") == set()
    assert listed(q="turkiye") == {"TUR"}
    assert listed(q="الأردن") == {"JOR"}
    # Bad filter values are ignored, not a 500.
    assert client.get(url, {"status": "<script>", "group": "x" * 500}).status_code == 200


def test_dashboard_counts_and_tile_map(client, secretariat_user, reference_data):
    FocalPointFactory()  # Türkiye active
    client.force_login(secretariat_user)
    page = client.get(reverse("members:dashboard")).content.decode()
    assert 'data-testid="count-active">1<' in page
    assert 'data-testid="count-none">56<' in page
    assert page.count('class="tile ') == 57
    assert 'data-iso3="TUR" data-status="active"' in page
    # The world map (world-atlas from npm): every member state is a shape or, if too small
    # for the 1:110m map, a dot; all link to the state's page.
    assert page.count('class="map-state ') == 57
    assert page.count("<circle ") == 3  # Bahrain, Comoros, Maldives
    assert '<a href="/en/members/states/TUR/" data-iso3="TUR" data-status="active">' in page


def test_directory_tables_are_cached_until_something_changes(
    client, secretariat_user, reference_data
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat_user)
    url = reverse("members:secretariat_directory")
    cold = _count_queries(client, url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) < cold
    person = FocalPointFactory(member_state=MemberState.objects.get(iso3="SEN"))
    page = client.get(url).content.decode()
    assert person.full_name in page  # the change is visible at once
    person.family_name = "Renamed"
    person.save()
    assert "Renamed" in client.get(url).content.decode()
    # Each language and each filter has its own table.
    assert "السنغال" in client.get("/ar/members/secretariat/").content.decode()
    assert "Renamed" not in client.get(url, {"status": "none"}).content.decode()


def test_yearly_campaign_selects_the_same_people_the_directory_flags(reference_data):
    from members.selectors import focal_points_due_for_confirmation

    now = timezone.now()
    states = {s.iso3: s for s in MemberState.objects.all()}
    old = FocalPointFactory(member_state=states["NGA"])
    recent = FocalPointFactory(member_state=states["TUR"])
    never = FocalPointFactory(member_state=states["SEN"], effective_from=datetime.date(2020, 1, 1))
    FocalPoint.objects.filter(pk=old.pk).update(
        details_confirmed_at=now - datetime.timedelta(days=400)
    )
    FocalPoint.objects.filter(pk=recent.pk).update(
        details_confirmed_at=now - datetime.timedelta(days=30)
    )
    due = set(focal_points_due_for_confirmation())
    assert due == {old, never}
    flagged = {row.state.iso3 for row in directory_rows(status="stale")}
    assert flagged == {"NGA", "SEN"}


def test_the_twelve_month_rule_is_the_same_in_python_and_in_the_database(reference_data):
    """FocalPoint.details_stale (the directory's flag) and details_stale_condition (the
    campaign's query) are one rule: they agree on every case, effective dates included."""
    from members.models import details_stale_condition

    now = timezone.now()
    today = timezone.localdate()
    states = iter(MemberState.objects.order_by("pk"))
    cases = [
        {"details_confirmed_at": now - datetime.timedelta(days=400)},
        {"details_confirmed_at": now - datetime.timedelta(days=30)},
        {"effective_from": datetime.date(2020, 1, 1)},
        {"effective_from": today - datetime.timedelta(days=30)},
        {"effective_from": today - datetime.timedelta(days=366)},
        {},  # never confirmed, no effective date, on record since today
        {"status": FocalPoint.Status.SUBMITTED, "effective_from": datetime.date(2020, 1, 1)},
    ]
    people = [FocalPointFactory(member_state=next(states), **case) for case in cases]
    in_database = set(FocalPoint.objects.filter(details_stale_condition(now)))
    flagged = {person for person in people if person.details_stale(now)}
    assert in_database == flagged
    assert [person.details_stale(now) for person in people] == [
        True,
        False,
        True,
        False,
        True,
        False,
        False,
    ]
