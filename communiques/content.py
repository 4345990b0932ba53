"""Documents as plain data: what a version freezes, what pages and PDFs render, what diffs compare.

The working copy and every recorded version have the same shape, so one template and one PDF
pipeline serve both, and the difference between two versions is a comparison of two dicts.
"""

import difflib
import hashlib
import json
import re

from django.utils.html import escape

from .models import LANGUAGES
from .text import clean_inline, to_text


def _languages(obj, field: str) -> dict[str, str]:
    return {code: clean_inline(getattr(obj, f"{field}_{code}") or "") for code in LANGUAGES}


def communique_content(communique) -> dict:
    """The working copy of a communiqué (paragraphs already prefetched or fetched here)."""
    meeting = communique.meeting
    paragraphs = []
    operative_number = 0
    for paragraph in communique.paragraphs.all():
        number = None
        if paragraph.kind == "operative":
            operative_number += 1
            number = operative_number
        paragraphs.append(
            {
                "id": paragraph.pk,
                "kind": paragraph.kind,
                "number": number,
                "lead": _languages(paragraph, "lead"),
                "body": _languages(paragraph, "body"),
            }
        )
    return {
        "title": _languages(communique, "title"),
        "heading": _languages(communique, "heading"),
        "place": _languages(communique, "place"),
        "opening": _languages(communique, "opening"),
        "date": communique.date.isoformat(),
        "meeting": {
            "id": meeting.pk,
            "title": _languages(meeting, "title"),
            "start": meeting.start.isoformat(),
            "end": meeting.end.isoformat(),
            "mode": meeting.mode,
        },
        "paragraphs": paragraphs,
    }


def rules_content(rules) -> dict:
    chapters = []
    for chapter in rules.chapters.all():
        chapters.append(
            {
                "id": chapter.pk,
                "number": chapter.number,
                "title": _languages(chapter, "title"),
                "articles": [
                    {
                        "id": article.pk,
                        "number": article.number,
                        "title": _languages(article, "title"),
                        "body": _languages(article, "body"),
                    }
                    for article in chapter.articles.all()
                ],
            }
        )
    return {"title": _languages(rules, "title"), "chapters": chapters}


def content_hash(content: dict) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def languages_present(content: dict) -> list[str]:
    """Languages in which every paragraph (or article) of the document has text."""
    items = content.get("paragraphs") or [
        article for chapter in content.get("chapters", []) for article in chapter["articles"]
    ]
    return [code for code in LANGUAGES if items and all(item["body"][code] for item in items)]


# --- Differences ---------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def _word_diff(old: str, new: str) -> str:
    """HTML of new text with insertions in <ins> and deletions in <del>, word by word."""
    old_words = _TOKENS.findall(to_text(old))
    new_words = _TOKENS.findall(to_text(new))
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
            if b2 > b1:
                out.append(" ")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return "".join(out)


def _items(content: dict) -> list[dict]:
    if "paragraphs" in content:
        return [
            {
                "id": p["id"],
                "label": p["number"] if p["number"] is not None else None,
                "kind": p["kind"],
                "fields": {"lead": p["lead"], "body": p["body"]},
            }
            for p in content["paragraphs"]
        ]
    return [
        {
            "id": a["id"],
            "label": a["number"],
            "kind": "article",
            "fields": {"title": a["title"], "body": a["body"]},
        }
        for chapter in content["chapters"]
        for a in chapter["articles"]
    ]


def _joined(fields: dict, code: str) -> str:
    # A lead phrase runs into its paragraph; an article's title stands apart from its text.
    separator = " — " if "title" in fields else " "
    return separator.join(to_text(values[code]) for values in fields.values() if values[code])


def diff_contents(old: dict, new: dict) -> list[dict]:
    """Paragraph by paragraph (or article by article), per language.

    Items are matched by their identity, so a reordered paragraph is "moved", not deleted and
    added. Each row: status (same, changed, added, removed, moved), labels and, per language,
    the word-level difference.
    """
    old_items = {item["id"]: (index, item) for index, item in enumerate(_items(old))}
    rows = []
    seen = set()
    for item in _items(new):
        before = old_items.get(item["id"])
        if before is None:
            rows.append(
                {
                    "status": "added",
                    "kind": item["kind"],
                    "label": item["label"],
                    "old_label": None,
                    "languages": {
                        code: f"<ins>{escape(_joined(item['fields'], code))}</ins>"
                        for code in ("ar", "en", "fr")
                    },
                }
            )
            continue
        seen.add(item["id"])
        old_index, old_item = before
        changed = {
            code: _joined(old_item["fields"], code) != _joined(item["fields"], code)
            for code in ("ar", "en", "fr")
        }
        status = "changed" if any(changed.values()) else "same"
        if status == "same" and old_item["label"] != item["label"]:
            status = "moved"
        rows.append(
            {
                "status": status,
                "kind": item["kind"],
                "label": item["label"],
                "old_label": old_item["label"],
                "languages": {
                    code: _word_diff(
                        _joined(old_item["fields"], code), _joined(item["fields"], code)
                    )
                    if changed[code]
                    else escape(_joined(item["fields"], code))
                    for code in ("ar", "en", "fr")
                },
                "changed": changed,
            }
        )
    for item_id, (_index, item) in old_items.items():
        if item_id in seen:
            continue
        rows.append(
            {
                "status": "removed",
                "kind": item["kind"],
                "label": None,
                "old_label": item["label"],
                "languages": {
                    code: f"<del>{escape(_joined(item['fields'], code))}</del>"
                    for code in ("ar", "en", "fr")
                },
            }
        )
    return rows
