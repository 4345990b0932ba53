"""Text helpers shared by models, forms and search.

Search compares *folded* text: Unicode NFKD, combining marks dropped (Latin accents, the Arabic
short vowels and shadda, hamza and madda written above or below alef), the tatweel removed and
the result case-folded. "iskur" then finds "İŞKUR" and "محمد" finds "مُحَمَّد".
"""

import re
import unicodedata

# Characters that reorder or hide text: the bidi embeddings/overrides and isolates.
BIDI_CONTROLS = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_TATWEEL = "\u0640"
_ARABIC_FOLDS = str.maketrans({"ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != _TATWEEL)
    return _SPACES.sub(" ", kept.casefold().translate(_ARABIC_FOLDS)).strip()


def has_unsafe_characters(text: str) -> bool:
    """Control characters (other than ordinary white space) and bidi overrides/isolates."""
    for ch in text:
        if ch in BIDI_CONTROLS:
            return True
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r\u200c\u200d":
            return True
    return False
