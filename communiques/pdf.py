"""Arabic, English, French and side-by-side PDFs of communiqués and the Rules of Procedure.

HTML is built from a document's content (content.py) with a template, then WeasyPrint turns it
into PDF through pesnet.pdf (the portal's fonts: Noto Naskh Arabic for Arabic, Noto Serif for
Latin script; installed by scripts/system_packages.sh, never fetched). A PDF is stored once
per distinct HTML: the SHA-256 of the HTML (and of the renderer's version) names it, so a
download of unchanged content is served from storage and an edit produces a new file.
"""

import datetime
import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import dateformat, translation
from hijridate import Gregorian

from pesnet.pdf import FONTS_CSS, render_pdf

from .models import RenderedPdf
from .text import clean_inline
from .text import digits as format_digits

LAYOUTS = ("side-by-side", "ar", "en", "fr")
DIGIT_STYLES = ("western", "arabic-indic")
CSS_PATH = Path(__file__).resolve().parent / "pdf.css"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "communiques" / "pdf"
# Part of every hash and cache key: a change of the PDF templates or stylesheet produces new
# files at once (and the hashes remembered for recorded versions are no longer used).
RENDERER = (
    "pesnet-pdf-"
    + hashlib.sha256(
        b"".join(
            path.read_bytes()
            for path in [FONTS_CSS, CSS_PATH, *sorted(TEMPLATE_DIR.glob("*.html"))]
        )
    ).hexdigest()[:12]
)

HIJRI_MONTHS = {
    "ar": [
        "محرم",
        "صفر",
        "ربيع الأول",
        "ربيع الآخر",
        "جمادى الأولى",
        "جمادى الآخرة",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذو القعدة",
        "ذو الحجة",
    ],
    "en": [
        "Muharram",
        "Safar",
        "Rabi al-Awwal",
        "Rabi al-Thani",
        "Jumada al-Ula",
        "Jumada al-Akhirah",
        "Rajab",
        "Shaban",
        "Ramadan",
        "Shawwal",
        "Dhu al-Qadah",
        "Dhu al-Hijjah",
    ],
    "fr": [
        "Mouharram",
        "Safar",
        "Rabia al-Awal",
        "Rabia ath-Thani",
        "Joumada al-Oula",
        "Joumada ath-Thania",
        "Rajab",
        "Chaabane",
        "Ramadan",
        "Chawwal",
        "Dhou al-Qida",
        "Dhou al-Hijja",
    ],
}
HIJRI_ERA = {"ar": "هـ", "en": "AH", "fr": "H"}
GREGORIAN_ERA = {"ar": "م", "en": "", "fr": ""}


def _date_range(start: datetime.date, end: datetime.date, language: str, style: str) -> str:
    with translation.override(language):
        if start == end:
            text = dateformat.format(start, "j F Y")
        elif (start.year, start.month) == (end.year, end.month):
            text = f"{start.day}–{dateformat.format(end, 'j F Y')}"
        else:
            text = f"{dateformat.format(start, 'j F')} – {dateformat.format(end, 'j F Y')}"
    era = GREGORIAN_ERA[language]
    return format_digits(f"{text}{era}" if era else text, style)


def _hijri_range(start: datetime.date, end: datetime.date, language: str, style: str) -> str:
    first = Gregorian(start.year, start.month, start.day).to_hijri()
    last = Gregorian(end.year, end.month, end.day).to_hijri()
    months = HIJRI_MONTHS[language]
    if (first.year, first.month) == (last.year, last.month):
        days = f"{first.day}" if first.day == last.day else f"{first.day}–{last.day}"
        text = f"{days} {months[last.month - 1]} {last.year}"
    else:
        text = (
            f"{first.day} {months[first.month - 1]} – {last.day} {months[last.month - 1]} "
            f"{last.year}"
        )
    separator = "" if language == "ar" else " "
    return format_digits(f"{text}{separator}{HIJRI_ERA[language]}", style)


def dates_for(start: datetime.date, end: datetime.date, style: str = "western") -> dict:
    """Per language: the Gregorian and the Hijri form of a date range."""
    return {
        code: {
            "gregorian": _date_range(start, end, code, style if code == "ar" else "western"),
            "hijri": _hijri_range(start, end, code, style if code == "ar" else "western"),
        }
        for code in ("ar", "en", "fr")
    }


def _languages_of(layout: str) -> list[str]:
    return ["en", "ar"] if layout == "side-by-side" else [layout]


def _sanitised(values):
    """Stored text is sanitised already; the PDF gets it sanitised again (defence in depth)."""
    return {code: clean_inline(text) for code, text in (values or {}).items()}


def _numbered(items, style):
    for item in items:
        for field in ("lead", "body", "title"):
            if field in item:
                item[field] = _sanitised(item[field])
        number = item.get("number")
        item["numbers"] = {
            "ar": format_digits(number, style) if number is not None else "",
            "en": str(number) if number is not None else "",
            "fr": str(number) if number is not None else "",
        }
    return items


def communique_html(content: dict, layout: str, digit_style: str = "western", is_demo=False):
    if layout not in LAYOUTS or digit_style not in DIGIT_STYLES:
        raise ValueError(f"Unknown layout {layout!r} or digits {digit_style!r}.")
    content = {
        **content,
        **{name: _sanitised(content[name]) for name in ("title", "heading", "opening")},
    }
    meeting = content["meeting"]
    start = datetime.datetime.fromisoformat(meeting["start"]).date()
    end = datetime.datetime.fromisoformat(meeting["end"]).date()
    paragraphs = _numbered([dict(p) for p in content["paragraphs"]], digit_style)
    context = {
        "kind": "communique",
        "layout": layout,
        "languages": _languages_of(layout),
        "content": content,
        "paragraphs": paragraphs,
        "dates": dates_for(start, end, digit_style),
        "digit_style": digit_style,
        "is_demo": is_demo,
        "css": CSS_PATH.read_text(encoding="utf-8"),
    }
    return render_to_string("communiques/pdf/communique.html", context)


def rules_html(content: dict, version: dict, layout: str, digit_style="western", is_demo=False):
    """version: {"number", "adopted_on" (date), "meeting": {title per language}} or None."""
    if layout not in LAYOUTS or digit_style not in DIGIT_STYLES:
        raise ValueError(f"Unknown layout {layout!r} or digits {digit_style!r}.")
    content = {**content, "title": _sanitised(content["title"])}
    chapters = []
    for chapter in content["chapters"]:
        chapter = dict(chapter)
        chapter["title"] = _sanitised(chapter["title"])
        chapter["numbers"] = {
            "ar": format_digits(chapter["number"], digit_style),
            "en": str(chapter["number"]),
            "fr": str(chapter["number"]),
        }
        chapter["articles"] = _numbered([dict(a) for a in chapter["articles"]], digit_style)
        chapters.append(chapter)
    dates = None
    if version:
        adopted = version["adopted_on"]
        dates = dates_for(adopted, adopted, digit_style)
    context = {
        "kind": "rules",
        "layout": layout,
        "languages": _languages_of(layout),
        "content": content,
        "chapters": chapters,
        "version": version,
        "dates": dates,
        "digit_style": digit_style,
        "is_demo": is_demo,
        "css": CSS_PATH.read_text(encoding="utf-8"),
    }
    return render_to_string("communiques/pdf/rules.html", context)


def html_hash(html: str) -> str:
    return hashlib.sha256(f"{RENDERER}\n{html}".encode()).hexdigest()


def write_pdf(html: str) -> bytes:
    return render_pdf(html)


def cached_pdf(digest: str) -> RenderedPdf | None:
    """The stored PDF with this hash. A row whose file is gone (storage restored from an older
    backup, a moved checkout) is only a cache entry: it is dropped and the PDF rendered again."""
    rendered = RenderedPdf.objects.filter(content_hash=digest).first()
    if rendered is not None and not rendered.file.storage.exists(rendered.file.name):
        rendered.delete()
        return None
    return rendered


# The bytes of the PDFs a process served last. A stored PDF is named by the hash of its content,
# so what is kept under a hash can never become stale: each process may keep it in memory
# without any invalidation, and a cached download reads neither the database nor the storage.
MEMORY_BUDGET = 64 * 1024 * 1024
_served: OrderedDict[str, bytes] = OrderedDict()
_served_lock = threading.Lock()


def pdf_bytes(digest: str, *, verify: bool = True) -> bytes | None:
    """The stored PDF with this hash, from this process's memory or else from storage (then
    kept in memory, the least recently served dropped beyond MEMORY_BUDGET). `verify` first
    checks that the row and its file still exist (cached_pdf); the cached download skips it
    for a hash the full check found when it stored it (a file gone since is still served
    from memory, else the row is dropped and the full path renders it again)."""
    rendered = None
    if verify:
        rendered = cached_pdf(digest)
        if rendered is None:
            return None
    with _served_lock:
        data = _served.get(digest)
        if data is not None:
            _served.move_to_end(digest)
            return data
    rendered = rendered or cached_pdf(digest)
    if rendered is None:
        return None
    with rendered.file.open("rb") as stored:
        data = stored.read()
    if len(data) <= MEMORY_BUDGET // 4:
        with _served_lock:
            _served[digest] = data
            while sum(len(kept) for kept in _served.values()) > MEMORY_BUDGET:
                _served.popitem(last=False)
    return data


def render_and_store(html: str, label: str) -> RenderedPdf:
    """The stored PDF of this HTML, rendering it only when no file has that hash yet.

    Safe to run twice at once: the hash is unique, the loser of a race keeps the winner's row.
    """
    digest = html_hash(html)
    existing = cached_pdf(digest)
    if existing is not None:
        return existing
    data = write_pdf(html)
    try:
        with transaction.atomic():
            rendered = RenderedPdf(content_hash=digest, label=label[:200], size=len(data))
            rendered.file.save(f"{digest}.pdf", ContentFile(data), save=False)
            rendered.save()
            return rendered
    except IntegrityError:
        return RenderedPdf.objects.get(content_hash=digest)


# --- Arabic text for the PDF -----------------------------------------------------------------
# Latin words and numbers inside Arabic text are given their own left-to-right boxes. Readers see
# what a browser shows, and the PDF's text stream then holds every run in logical order (within
# one text box WeasyPrint writes bidi runs in visual order, which copy-paste and search get
# backwards).
_ARABIC_CHARS = "\u0600-\u06ff\u0750-\u077f"
_RUNS = re.compile(rf"([^{_ARABIC_CHARS}<>]*[A-Za-z0-9\u00c0-\u024f][^{_ARABIC_CHARS}<>]*)")
_TAGS = re.compile(r"(<[^>]+>)")
_LEADING_NEUTRALS = re.compile(r"^([\s\-–—/:،,.]*)")
_TRAILING_NEUTRALS = re.compile(r"([\s\-–—/:،,.]*)$")


def _isolate(run: str) -> str:
    lead = _LEADING_NEUTRALS.match(run)[1]
    core = run[len(lead) :]
    trail = _TRAILING_NEUTRALS.search(core)[1]
    core = core[: len(core) - len(trail)] if trail else core
    if not core:
        return run
    before = f"<span>{lead.strip()}</span>" if lead.strip() else ""
    after = f"<span>{trail.strip()}</span>" if trail.strip() else ""
    space_before = " " if lead[:1].isspace() or lead[-1:].isspace() else ""
    space_after = " " if trail[:1].isspace() or trail[-1:].isspace() else ""
    nobreak = ' class="nobreak"' if not re.search(r"\s", core) else ""
    return f'{space_before}{before}<span dir="ltr"{nobreak}>{core}</span>{after}{space_after}'


_BRACKETS = re.compile(r"([()\[\]«»])")


def _arabic_segment(text: str) -> str:
    # A bracket in Arabic text gets its own box: it keeps its place in the text stream (and is
    # still drawn mirrored).
    return _BRACKETS.sub(r"<span>\1</span>", text)


_HYPHENATED_ACRONYM = re.compile(r"\(?\b[A-Z][A-Za-z]*(?:-[A-Za-z]+)+\b\)?")


def keep_acronyms_whole(fragment: str) -> str:
    """ "(OIC-PESNET)" is not broken at its hyphen at the end of a line."""
    parts = _TAGS.split(fragment)
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = _HYPHENATED_ACRONYM.sub(
                lambda m: f'<span class="nobreak">{m[0]}</span>', part
            )
    return "".join(parts)


# An Arabic word written against a Latin or numeric run ("كوفيد-19") is kept in one atomic inline
# box. Justification stretches the spaces of a narrow column (the side-by-side layout) by more
# than half an em; pypdf then guesses a word break inside the Arabic text box and puts the space
# at the logical end of that Arabic run, which is where the attached run begins ("كوفيد -19").
# In a box of its own the group has no space to stretch and the text box before it ends with a
# real space, so nothing is inserted between letters and digits, in the PDF or its text.
_ATTACHED = re.compile(
    rf"([{_ARABIC_CHARS}]+)((?:<span>[^<\s]*</span>)?<span dir=\"ltr\"[^>]*>[^<]*</span>"
    rf"(?:<span>[^<\s]*</span>)?(?:[{_ARABIC_CHARS}]+(?![^<]*</span>))?)"
)


def _keep_attached_together(fragment: str) -> str:
    return _ATTACHED.sub(r'<span class="attached">\1\2</span>', fragment)


def isolate_ltr_runs(fragment: str) -> str:
    parts = _TAGS.split(fragment)
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            pieces = _RUNS.split(part)
            parts[index] = _keep_attached_together(
                "".join(
                    _isolate(piece) if odd else _arabic_segment(piece)
                    for odd, piece in ((i % 2 == 1, piece) for i, piece in enumerate(pieces))
                )
            )
    return "".join(parts)
