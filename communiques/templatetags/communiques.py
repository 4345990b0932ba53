import re

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..text import digits

register = template.Library()

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


@register.filter
def pick(mapping, key):
    """mapping[key] for dicts in templates ({{ paragraph.body|pick:"ar" }})."""
    if not mapping:
        return ""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def for_pdf(fragment, code):
    """A sanitised fragment ready for a PDF or a page: Arabic text gets its Latin runs in their
    own left-to-right spans, and "(OIC-PESNET)" is not broken at its hyphen."""
    from ..pdf import isolate_ltr_runs, keep_acronyms_whole
    from ..text import clean_inline

    fragment = clean_inline(fragment)
    return mark_safe(isolate_ltr_runs(fragment) if code == "ar" else keep_acronyms_whole(fragment))


@register.simple_tag
def network_name(code):
    with translation.override(code):
        return _("OIC Public Employment Services Network (OIC-PESNET)")


@register.simple_tag
def demo_label(code):
    with translation.override(code):
        return _("Demonstration text: not an official document of the network.")


@register.simple_tag
def chapter_label(code, number):
    with translation.override(code):
        return _("Chapter %(number)s") % {"number": number}


@register.simple_tag
def article_label(code, number):
    with translation.override(code):
        return _("Article %(number)s") % {"number": number}


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_content(code: str, digit_style: str) -> str:
    with translation.override(code):
        pattern = _("Page %(page)s of %(pages)s")
    style = "arabic-indic" if code == "ar" and digit_style == "arabic-indic" else "decimal"
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(pattern):
        if match.start() > position:
            parts.append(_css_string(pattern[position : match.start()]))
        parts.append(f"counter({match[1]}, {style})")
        position = match.end()
    if position < len(pattern):
        parts.append(_css_string(pattern[position:]))
    return " ".join(parts)


@register.simple_tag
def page_numbers(languages, digit_style):
    """@page margin boxes with "page X of Y" in each language of the document."""
    boxes = []
    if len(languages) == 1:
        code = languages[0]
        slots = [("bottom-center", code)]
    else:
        slots = [("bottom-left", "en"), ("bottom-right", "ar")]
    for slot, code in slots:
        # The font is the document's (static/css/pdf-fonts.css, inherited from html).
        direction = "rtl" if code == "ar" else "ltr"
        boxes.append(
            f"@{slot} {{ content: {_page_content(code, digit_style)}; "
            f"font-size: 8.5pt; color: #555; direction: {direction}; }}"
        )
    return mark_safe("@page { " + " ".join(boxes) + " }")


@register.simple_tag
def number_in(code, value, digit_style="western"):
    return digits(value, digit_style if code == "ar" else "western")


@register.filter
def split_words(value):
    return value.split()


@register.filter
def field_label(form, name):
    return form.fields[name].label
