"""Folding for search, with a map back to the original text.

The index and the query are folded the same way, as the directory's search folds
(members.text.fold): diacritics, tatweel, hamza and madda on alef, ى/ي, Latin accents and case.
One difference: ة and a word-final ه become ة, not ه, because PostgreSQL's Arabic stemmer strips
a final ة ("الشبكة" → "شبك") but keeps a final ه ("الشبكه" → "شبكه"); both spellings then meet
in one stem. Snippets are highlighted by ts_headline on the folded text and
the marks are carried back to the original, so a result shows the text as it was written.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape

__all__ = ["fold_query", "fold_for_index", "fold_with_map", "highlight"]

START, STOP = "\ue000", "\ue001"
DELIMITER = "\ue002"
_TATWEEL = "\u0640"
_ARABIC_FOLDS = str.maketrans({"ى": "ي"})
_FINAL_HEH = re.compile(r"\u0647(?![\u0621-\u064a])")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch == _TATWEEL:
        return ""
    if ch.isspace():
        return " "
    kept = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return kept.casefold().translate(_ARABIC_FOLDS)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text (same words as fold(), white space kept) and, for each of its
    characters, the index of the original character it came from."""
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text or ""):
        folded = _fold_char(ch)
        out.append(folded)
        where.extend([index] * len(folded))
    # One character for one: the map stays right.
    return _FINAL_HEH.sub("\u0629", "".join(out)), where


def fold_for_index(text: str) -> str:
    return fold_with_map(text)[0]


def fold_query(text: str) -> str:
    return " ".join(fold_for_index(text).split())


def highlight(original: str, headline: str | None) -> str:
    """HTML of the original text's fragments that ts_headline chose (on the folded text), the
    matched words in <mark>. Falls back to the escaped headline if a fragment is not found."""
    if not original:
        return ""
    if not headline:
        return escape(original[:300])
    folded, where = fold_with_map(original)
    end_of_text = len(original)

    def to_original(position: int) -> int:
        return where[position] if position < len(where) else end_of_text

    pieces = []
    search_from = 0
    for fragment in headline.split(DELIMITER):
        plain = fragment.replace(START, "").replace(STOP, "")
        if not plain.strip():
            continue
        at = folded.find(plain, search_from)
        if at < 0:
            at = folded.find(plain)
        if at < 0:
            pieces.append(escape(plain))
            continue
        search_from = at + len(plain)
        html = ["… " if at > 0 else ""]
        position = at
        marked = False
        chunk_start = at
        for ch in fragment:
            if ch in (START, STOP):
                text = original[to_original(chunk_start) : to_original(position)]
                html.append(f"<mark>{escape(text)}</mark>" if marked else escape(text))
                marked = ch == START
                chunk_start = position
            else:
                position += 1
        text = original[to_original(chunk_start) : to_original(position)]
        html.append(f"<mark>{escape(text)}</mark>" if marked else escape(text))
        if position < len(folded):
            html.append(" …")
        pieces.append("".join(html))
    return " ".join(pieces)
