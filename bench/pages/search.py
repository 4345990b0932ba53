"""Search and the open-data API for `make bench` (issue 13).

The demo corpus: the third communiqué (ar, en, fr), the demo Rules of Procedure, the demo work
plan, the meetings and the 57 member states, indexed. BENCH_SEARCH_SCALE=10 repeats every
search entry ten times (distinct keys, same texts), so the search reads ten times the rows for
the same query. The API's member-state list is measured beside it.
"""

import os

from bench.harness import Page

SCALE = int(os.environ.get("BENCH_SEARCH_SCALE", "1"))


def _corpus():
    from django.contrib.auth import get_user_model

    from bench.pages.communiques import ensure_published_communique
    from communiques.demo import seed_rules
    from communiques.models import RulesOfProcedure
    from meetings.reference import load_meetings
    from search.models import Entry
    from search.registry import rebuild

    ensure_published_communique()
    if not RulesOfProcedure.objects.exists():
        seed_rules(load_meetings(), get_user_model().objects.filter(is_staff=True).first())
    try:
        from workplan.demo import seed as seed_workplan

        seed_workplan("bench-only-password", lambda message: None)
    except Exception as error:  # the work plan's demo needs demo accounts; the rest is enough
        print(f"(work plan demo not loaded: {error})")
    rebuild()
    if SCALE > 1:
        # attnames (meeting_id, not meeting): .values("meeting") would give the id under the
        # relation's name, which Entry() refuses.
        fields = [
            f.attname for f in Entry._meta.concrete_fields if not f.generated and f.name != "id"
        ]
        originals = list(Entry.objects.filter(key__regex=r"^[^#]*$").values(*fields))
        Entry.objects.filter(key__contains="#copy").delete()
        Entry.objects.bulk_create(
            [
                Entry(**{**row, "key": f"{row['key']}#copy{n}"})
                for n in range(1, SCALE)
                for row in originals
            ],
            batch_size=1000,
        )
    return Entry.objects.count()


def pages(ctx):
    count = _corpus()
    label = f"×{SCALE}" if SCALE > 1 else "demo corpus"
    print(f"search index: {count} entries ({label})")
    return [
        Page(f"search ar 'الدول' ({label})", "/ar/search/?q=%D8%A7%D9%84%D8%AF%D9%88%D9%84"),
        Page(f"search en 'employment' ({label})", "/en/search/?q=employment"),
        Page(f"API member states ({label})", "/api/v1/member-states?limit=100"),
    ]
