"""Rich text that people type (report narratives), reduced to safe HTML.

Stored sanitised, whoever writes it (form, admin, demo data), so that templates and the PDF can
render it as it is.
"""

import re

import nh3
from django.utils.html import escape

NARRATIVE_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
NARRATIVE_ATTRIBUTES = {"a": {"href", "title"}}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


_STRONG = re.compile(r"[A-Za-z\u00C0-\u024F]|[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def text_direction(html: str) -> str:
    """ "rtl" or "ltr" from the first strong letter, as dir="auto" does in browsers.

    WeasyPrint ignores dir="auto": an English narrative in the Arabic PDF needs an explicit
    direction, or its full stop lands on the wrong side.
    """
    match = _STRONG.search(re.sub(r"<[^>]+>", " ", html or ""))
    return "rtl" if match and match.group() >= "\u0590" else "ltr"


def sanitise_narrative(text: str) -> str:
    """Rich text a person typed, reduced to safe HTML (also what the PDF gets).

    Plain text keeps its paragraphs and line breaks.
    """
    text = (text or "").strip()
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=NARRATIVE_TAGS,
        attributes=NARRATIVE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()
