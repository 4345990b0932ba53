from celery import shared_task

from .documents import communique_pdf_html, rules_pdf_html
from .models import Communique, RulesOfProcedure
from .pdf import render_and_store


@shared_task(name="communiques.render_communique_pdf")
def render_communique_pdf(communique_id, layout, version=None, digit_style="western"):
    """Render (or find) the PDF of a communiqué; returns its content hash. Safe to run twice."""
    communique = (
        Communique.objects.select_related("meeting", "published_version")
        .filter(pk=communique_id)
        .first()
    )
    if communique is None:
        return None
    html = communique_pdf_html(communique, layout, digit_style, version)
    return render_and_store(html, f"{communique} ({layout})").content_hash


@shared_task(name="communiques.render_rules_pdf")
def render_rules_pdf(rules_id, layout, version=None, digit_style="western"):
    rules = RulesOfProcedure.objects.filter(pk=rules_id).first()
    if rules is None:
        return None
    html = rules_pdf_html(rules, layout, digit_style, version)
    return render_and_store(html, f"{rules} ({layout})").content_hash
