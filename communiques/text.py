"""Sanitising what people type or import before it is stored, shown or put into a PDF.

Paragraphs are short rich text: only emphasis survives. Explicit bidi embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069) are removed, because a stray override can make a
paragraph display as something else than what is stored ("Trojan source"); direction comes from
the markup around each paragraph, never from characters inside it.
"""

import html
import re

import nh3

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
INLINE_TAGS = {"strong", "em", "b", "i", "sup", "sub", "br"}
_SPACES = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


def clean_inline(value: str | None) -> str:
    """Sanitised inline HTML: emphasis only, no attributes, no bidi controls, single spaces."""
    if not value:
        return ""
    value = BIDI_CONTROLS.sub("", value)
    value = nh3.clean(value, tags=INLINE_TAGS, attributes={}, strip_comments=True)
    return _SPACES.sub(" ", value).strip()


def clean_plain(value: str | None) -> str:
    """Plain text (comments, notes): no markup at all, no bidi controls."""
    if not value:
        return ""
    value = BIDI_CONTROLS.sub("", value)
    return html.unescape(nh3.clean(value, tags=set(), strip_comments=True)).strip()


def to_text(fragment: str | None) -> str:
    """The readable text of a stored fragment: tags removed, entities decoded, spaces single."""
    if not fragment:
        return ""
    text = html.unescape(_TAG.sub(" ", fragment))
    return _SPACES.sub(" ", BIDI_MARKS.sub("", text)).strip()


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def digits(value, style: str = "western") -> str:
    text = str(value)
    return text.translate(ARABIC_INDIC) if style == "arabic-indic" else text
