"""Which content a PDF or a page shows: the published version, a recorded one, the working copy."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from .content import communique_content, rules_content
from .models import Communique, Paragraph, RulesOfProcedure, RulesVersion
from .pdf import communique_html, rules_html

WORKING = "working"


def working_content(communique: Communique) -> dict:
    communique = (
        Communique.objects.select_related("meeting")
        .prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("-kind", "order"))
        )
        .get(pk=communique.pk)
    )
    return communique_content(communique)


def communique_source(communique: Communique, version=None) -> dict:
    """version: None for the published version, WORKING, or a recorded version's number."""
    if version == WORKING:
        return working_content(communique)
    if version is None:
        if communique.published_version_id is None:
            raise Http404
        return communique.published_version.content
    recorded = communique.versions.filter(number=version).first()
    if recorded is None:
        raise Http404
    return recorded.content


def communique_pdf_html(communique, layout, digit_style="western", version=None) -> str:
    return communique_html(
        communique_source(communique, version), layout, digit_style, is_demo=communique.is_demo
    )


def pdf_filename(communique: Communique, layout: str) -> str:
    meeting = communique.meeting
    number = f"-{meeting.number}" if meeting.number else ""
    return f"pesnet{number}-communique-{communique.date:%Y}-{layout}.pdf"


def rules_source(rules: RulesOfProcedure, version=None) -> tuple[dict, RulesVersion | None]:
    if version == WORKING:
        rules = RulesOfProcedure.objects.prefetch_related("chapters__articles").get(pk=rules.pk)
        return rules_content(rules), None
    versions = rules.versions.select_related("meeting")
    recorded = versions.filter(number=version).first() if version else versions.last()
    if recorded is None:
        raise Http404
    return recorded.content, recorded


def rules_version_info(recorded: RulesVersion | None) -> dict | None:
    if recorded is None:
        return None
    line = {}
    for code in ("ar", "en", "fr"):
        with translation.override(code):
            title = getattr(recorded.meeting, f"title_{code}") or recorded.meeting.title
            line[code] = _("Adopted at the %(meeting)s") % {"meeting": title}
    return {"number": recorded.number, "adopted_on": recorded.adopted_on, "meeting_line": line}


def rules_pdf_html(rules, layout, digit_style="western", version=None) -> str:
    content, recorded = rules_source(rules, version)
    return rules_html(
        content, rules_version_info(recorded), layout, digit_style, is_demo=rules.is_demo
    )
