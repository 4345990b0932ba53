"""Communiqué pages for `make bench`: the public communiqué and its cached PDF download."""

from bench.harness import Page


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


def pages(ctx):
    communique = ensure_published_communique()
    return [
        Page("communiqué page (ar)", f"/ar/communiques/{communique.pk}/?text=ar"),
        Page(
            "communiqué PDF, cached (side by side)",
            f"/en/communiques/{communique.pk}/pdf/side-by-side/",
        ),
    ]
