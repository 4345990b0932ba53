"""Communiqué pages for `make bench`: the public communiqué, the list, the Rules of Procedure
and the cached PDF download (its bytes kept in memory by content hash, communiques/pdf.py)."""

import os

from bench.harness import Page

SCALE = int(os.environ.get("BENCH_MEMBERS_SCALE", "1"))


def ensure_published_communique():
    """The third meeting's communiqué, imported, adopted and published, its PDF rendered."""
    from communiques import services
    from communiques.demo import DATA, SOURCES
    from communiques.documents import communique_pdf_html
    from communiques.importer import parse_document
    from communiques.models import Communique
    from communiques.pdf import render_and_store
    from meetings.models import Meeting
    from meetings.reference import load_meetings

    meetings = load_meetings()
    meeting = meetings[(Meeting.Kind.NETWORK, 3)]
    communique = Communique.objects.filter(meeting=meeting).first()
    if communique is None or communique.published_version_id is None:
        if communique is None or communique.is_editable:
            for language, name in SOURCES:
                parsed = parse_document((DATA / name).read_bytes(), language)
                communique = services.import_communique(parsed, meeting)
            services.adopt(communique, by=None)
        services.publish(communique, by=None)
        communique = Communique.objects.get(pk=communique.pk)
    html = communique_pdf_html(communique, "side-by-side")
    render_and_store(html, "bench")
    return communique


def ensure_rules():
    from django.contrib.auth import get_user_model

    from communiques.demo import seed_rules
    from communiques.models import RulesOfProcedure
    from meetings.reference import load_meetings

    if not RulesOfProcedure.objects.exists():
        seed_rules(load_meetings(), get_user_model().objects.filter(is_staff=True).first())


def pages(ctx):
    communique = ensure_published_communique()
    ensure_rules()
    suffix = f" ×{SCALE}" if SCALE > 1 else ""
    return [
        Page(f"communiqué page (ar){suffix}", f"/ar/communiques/{communique.pk}/?text=ar"),
        Page(f"communiqué page (en){suffix}", f"/en/communiques/{communique.pk}/"),
        Page(f"communiqués list (en){suffix}", "/en/communiques/"),
        Page(f"Rules of Procedure (ar){suffix}", "/ar/rules-of-procedure/"),
        Page(f"Rules of Procedure (en){suffix}", "/en/rules-of-procedure/"),
        Page(
            f"communiqué PDF, cached (side by side){suffix}",
            f"/en/communiques/{communique.pk}/pdf/side-by-side/",
        ),
    ]
