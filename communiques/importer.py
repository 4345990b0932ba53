"""Reading a communiqué from a text or Markdown document (Arabic, English or French).

The structure is what matters, not the markup: a title, the meeting line, the dates, an opening
clause, preambular paragraphs, then numbered operative paragraphs. The lead phrase of an operative
paragraph is taken from **bold** markup when there is some, otherwise from a lexicon of the lead
verbs used in OIC communiqués (paragraphs 1 and 7 of the third communiqué are not bold).

`parse_document` changes nothing: it returns what it recognised (or raises DocumentError with a
message for the person who uploaded the file); services.import_communique stores it.
"""

import datetime
import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pesnet.errors import DomainError

from .text import clean_inline

MAX_DOCUMENT_BYTES = 200_000


class DocumentError(DomainError):
    """The document cannot be read as a communiqué; the message says why."""


# Operative lead phrases (longest match wins, so "يسلم بأهمية" beats "يسلم").
OPERATIVE_LEADS = {
    "ar": [
        "يسلم بأهمية",
        "يسلم",
        "يشدد على",
        "يشدد",
        "يحيط علماً",
        "يحيط علما",
        "يشجع",
        "يدعو",
        "يعتمد",
        "يصادق على",
        "يوصي",
        "يعرب عن",
        "يعرب",
        "يطلب إلى",
        "يطلب",
        "يؤكد من جديد",
        "يؤكد على",
        "يؤكد",
        "يرحب",
        "يقرر",
        "يثني على",
        "يحث",
        "يناشد",
    ],
    "en": [
        "Recognizes",
        "Recognises",
        "Stresses",
        "Takes note",
        "Encourages",
        "Calls upon",
        "Calls on",
        "Adopts",
        "Endorses",
        "Recommends",
        "Expresses",
        "Requests",
        "Reaffirms",
        "Welcomes",
        "Decides",
        "Commends",
        "Urges",
        "Invites",
        "Underlines",
        "Emphasizes",
        "Notes",
    ],
    "fr": [
        "Reconnaît",
        "Souligne",
        "Prend note",
        "Encourage",
        "Invite",
        "Demande",
        "Adopte",
        "Approuve",
        "Entérine",
        "Recommande",
        "Exprime",
        "Prie",
        "Réaffirme",
        "Se félicite",
        "Décide",
        "Exhorte",
        "Salue",
    ],
}
PREAMBULAR_LEADS = {
    "ar": [
        "إذ يشير إلى",
        "إذ يشير",
        "وإذ يسترشد",
        "وإذ يكرر التأكيد على",
        "وإذ يأخذ بعين الاعتبار",
        "وإذ يسلم",
        "وإذ ينوه",
        "وإذ يرحب",
        "وإذ يؤكد",
        "وإذ يدرك",
        "وإذ يلاحظ",
    ],
    "en": [
        "Recalling",
        "Guided by",
        "Reiterating",
        "Taking into account",
        "Recognizing",
        "Recognising",
        "Commending",
        "Welcoming",
        "Noting with appreciation",
        "Noting",
        "Reaffirming",
        "Bearing in mind",
        "Considering",
        "Acknowledging",
        "Mindful of",
    ],
    "fr": [
        "Rappelant",
        "Guidé par",
        "S'inspirant",
        "Réitérant",
        "Tenant compte",
        "Reconnaissant",
        "Saluant",
        "Se félicitant",
        "Prenant note",
        "Notant",
        "Réaffirmant",
        "Considérant",
    ],
}

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "أيلول": 9,
    "تشرين الأول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
}

_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.)\-–]\s+(.*)$")
_HEADING_MARKS = re.compile(r"^\s*#+\s*")
_BOLD_LEAD = re.compile(r"^\s*\*\*(.+?)\*\*\s*(.*)$", re.S)
_MARKDOWN_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0640]")  # harakat and tatweel
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_DAY_RANGE = re.compile(r"\b(\d{1,2})\s*(?:[-–—]|to|au|à|إلى)\s*(\d{1,2})\b")


@dataclass
class ParsedParagraph:
    kind: str
    lead: str
    body: str
    number: int | None = None
    lead_source: str = "lexicon"  # "bold", "lexicon" or "guess"


@dataclass
class ParsedDocument:
    language: str
    title: str
    heading: str
    date_line: str
    start: datetime.date
    end: datetime.date
    opening: str
    paragraphs: list[ParsedParagraph] = field(default_factory=list)

    @property
    def preambular(self):
        return [p for p in self.paragraphs if p.kind == "preambular"]

    @property
    def operative(self):
        return [p for p in self.paragraphs if p.kind == "operative"]

    @property
    def guessed_leads(self):
        return [p for p in self.paragraphs if p.lead_source == "guess"]


def _normalise(word: str, language: str) -> str:
    word = unicodedata.normalize("NFC", word)
    if language == "ar":
        word = _ARABIC_MARKS.sub("", word)
        word = word.replace("ً", "").replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
        return word.rstrip("،,;:")
    return word.casefold().rstrip(",;:")


def _lexicon_lead(text: str, language: str, lexicon: dict) -> tuple[str, str] | None:
    """Split text into (lead, rest) when it opens with a phrase of the lexicon."""
    words = text.split()
    best = None
    for phrase in lexicon.get(language, []):
        phrase_words = phrase.split()
        n = len(phrase_words)
        if len(words) < n:
            continue
        if [_normalise(w, language) for w in words[:n]] == [
            _normalise(w, language) for w in phrase_words
        ]:
            if best is None or n > best:
                best = n
    if best is None:
        return None
    return " ".join(words[:best]), " ".join(words[best:])


def _split_lead(text: str, language: str, kind: str) -> tuple[str, str, str]:
    bold = _BOLD_LEAD.match(text)
    if bold:
        return bold[1].strip(), bold[2].strip(), "bold"
    lexicon = OPERATIVE_LEADS if kind == "operative" else PREAMBULAR_LEADS
    found = _lexicon_lead(text, language, lexicon)
    if found:
        return found[0], found[1], "lexicon"
    words = text.split()
    # Unknown wording: the first word (with "وإذ"/"إذ" the first two) is offered as the lead
    # and the preview says it was guessed.
    size = 2 if language == "ar" and words and _normalise(words[0], "ar") in ("اذ", "واذ") else 1
    return " ".join(words[:size]), " ".join(words[size:]), "guess"


def _markdown_to_html(text: str) -> str:
    """A text document's characters are text: "<" is escaped, only **bold** becomes markup."""
    text = html.escape(text, quote=False)
    return clean_inline(_MARKDOWN_EMPHASIS.sub(lambda m: f"<strong>{m[1] or m[2]}</strong>", text))


def _parse_dates(line: str) -> tuple[datetime.date, datetime.date] | None:
    line = line.translate(_EASTERN_DIGITS)
    year = _YEAR.search(line)
    if not year:
        return None
    month = None
    lowered = line.casefold()
    for name, number in sorted(MONTHS.items(), key=lambda item: -len(item[0])):
        if name in lowered:
            month = number
            break
    if month is None:
        return None
    without_year = line.replace(year[0], " ")
    days_range = _DAY_RANGE.search(without_year)
    if days_range:
        # Arabic documents often show "03-02" for 2–3: the range is the smaller and the larger.
        days = sorted(int(d) for d in days_range.groups())
    else:
        single = re.search(r"\b(\d{1,2})\b", without_year)
        if not single:
            return None
        days = [int(single[1])] * 2
    try:
        return (
            datetime.date(int(year[0]), month, days[0]),
            datetime.date(int(year[0]), month, days[1]),
        )
    except ValueError:
        return None


def _blocks(text: str) -> list[str]:
    """Paragraph blocks: blank lines separate them, and each numbered line starts a new one."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                blocks.append(current)
                current = []
            continue
        line = _HEADING_MARKS.sub("", line)
        if _NUMBERED.match(line.translate(_EASTERN_DIGITS)) and current:
            blocks.append(current)
            current = []
        current.append(line)
    if current:
        blocks.append(current)
    return [" ".join(block) for block in blocks]


def parse_document(raw: bytes | str, language: str) -> ParsedDocument:
    if language not in OPERATIVE_LEADS:
        raise DocumentError(_("Choose the language of the document: Arabic, English or French."))
    if isinstance(raw, bytes):
        if len(raw) > MAX_DOCUMENT_BYTES:
            raise DocumentError(_("The document is too large for a communiqué (over 200 KB)."))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(
                _("The document is not UTF-8 text. Save it as plain text (.txt or .md) in UTF-8.")
            ) from None
    if "\x00" in raw:
        raise DocumentError(_("The document is not a text file."))
    blocks = _blocks(unicodedata.normalize("NFC", raw))
    if len(blocks) < 5:
        raise DocumentError(
            _(
                "The document is too short: a communiqué has a title, the meeting, the dates, an "
                "opening clause and numbered operative paragraphs."
            )
        )
    title, heading, date_line = (_markdown_to_html(b) for b in blocks[:3])
    dates = _parse_dates(date_line)
    if dates is None:
        raise DocumentError(
            _(
                "The third line should give the dates of the meeting (for example “2–3 June "
                "2021”); found: “%(line)s”."
            )
            % {"line": date_line[:120]}
        )
    rest = blocks[3:]
    first_numbered = next(
        (i for i, b in enumerate(rest) if _NUMBERED.match(b.translate(_EASTERN_DIGITS))), None
    )
    if first_numbered is None:
        raise DocumentError(_("No numbered operative paragraphs (“1. …”) were found."))
    if first_numbered == 0:
        raise DocumentError(_("The opening clause is missing before the paragraphs."))
    opening = _markdown_to_html(rest[0])
    paragraphs = []
    for block in rest[1:first_numbered]:
        lead, body, source = _split_lead(block, language, "preambular")
        paragraphs.append(
            ParsedParagraph(
                "preambular", _markdown_to_html(lead), _markdown_to_html(body), None, source
            )
        )
    expected = 1
    for block in rest[first_numbered:]:
        match = _NUMBERED.match(block.translate(_EASTERN_DIGITS))
        if not match:
            raise DocumentError(
                _("Text after the operative paragraphs is not numbered: “%(text)s”.")
                % {"text": block[:80]}
            )
        number = int(match[1])
        if number != expected:
            raise DocumentError(
                _("Operative paragraph %(expected)s is missing (found %(found)s).")
                % {"expected": expected, "found": number}
            )
        # Keep the original digits' text: only the number prefix was translated.
        text = block.split(None, 1)[1] if len(block.split(None, 1)) > 1 else ""
        lead, body, source = _split_lead(text, language, "operative")
        paragraphs.append(
            ParsedParagraph(
                "operative", _markdown_to_html(lead), _markdown_to_html(body), number, source
            )
        )
        expected += 1
    return ParsedDocument(
        language=language,
        title=title,
        heading=heading,
        date_line=date_line,
        start=dates[0],
        end=dates[1],
        opening=opening,
        paragraphs=paragraphs,
    )
