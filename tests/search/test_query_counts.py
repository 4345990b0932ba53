"""The results page makes as many queries over ten times the corpus as over the corpus."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communiques.demo import seed_rules
from search.models import Entry
from tests.factories import FocalPointFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _tenfold():
    """Every entry nine times more (distinct keys, same texts and audiences)."""
    fields = [f.attname for f in Entry._meta.concrete_fields if not f.generated and f.name != "id"]
    rows = list(Entry.objects.values(*fields))
    Entry.objects.bulk_create(
        [Entry(**{**row, "key": f"{row['key']}#{n}"}) for n in range(1, 10) for row in rows]
    )


def _statements(client, params) -> tuple[int, str]:
    caches["pages"].delete_pattern("*")  # rendered, not served from the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", params)
    assert response.status_code == 200
    return len([q for q in queries if "SAVEPOINT" not in q["sql"]]), response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "focal_point", "secretariat"])
def test_query_counts_are_constant_as_the_corpus_grows_tenfold(
    client, published, meetings, secretariat_user, focal_point_user, role
):
    from search.registry import rebuild

    seed_rules(meetings, secretariat_user)
    for n in range(3):
        MeetingFactory(title_en=f"Seminar on employment services {n}")
    FocalPointFactory(
        family_name="Employment",
        position="Head of employment services",
        status="active",
        role="alternate",
        member_state=focal_point_user.focal_points.get().member_state,
    )
    rebuild()
    if role != "anonymous":
        client.force_login({"focal_point": focal_point_user, "secretariat": secretariat_user}[role])
    searches = [
        {"q": "employment"},
        {"q": "الدول"},
        {"q": "where did the network call on states to nominate focal points?"},
        {"q": "employment", "kind": "communique", "page": "2"},
    ]
    _statements(client, {"q": "warm"})  # the process's first request loads what it keeps
    before = {tuple(p.items()): _statements(client, p) for p in searches}
    entries = Entry.objects.count()
    _tenfold()
    assert Entry.objects.count() == 10 * entries
    for params in searches:
        count, page = _statements(client, params)
        assert count == before[tuple(params.items())][0], params
        assert 'data-testid="result"' in page
