"""Search sources: what each part of the portal contributes to the index, and who may find it.

A source turns "owners" (a communiqué, a member state, an activity…) into entries. It names the
models whose changes make an owner's entries stale (`watch`: model → function from an instance
to the ids of the owners it touches). Changes are collected during a transaction and the
owners are indexed again once it commits, each once, however many rows changed.

Adding a source is one `register(Source(...))` call in search/sources.py (or in an app that may
import this one; no app below the portal-wide layer does).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from .models import LANGUAGES, Entry
from .text import fold_for_index

log = logging.getLogger(__name__)


@dataclass
class Found:
    """One entry as a source describes it; texts are plain text, keyed by language."""

    key: str
    kind: str
    audience: str
    url: str
    title: dict[str, str]
    text: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    meeting_id: int | None = None
    year: int | None = None
    position: int = 0

    def to_entry(self, source: str, owner_id: int) -> Entry:
        values = {}
        for code in LANGUAGES:
            title = (self.title.get(code) or "").strip()
            text = (self.text.get(code) or "").strip()
            values[f"title_{code}"] = title[:500]
            values[f"text_{code}"] = text
            values[f"where_{code}"] = (self.where.get(code) or "")[:400]
            values[f"search_title_{code}"] = fold_for_index(title)
            values[f"search_text_{code}"] = fold_for_index(text)
        return Entry(
            source=source,
            owner_id=owner_id,
            key=self.key,
            kind=self.kind,
            audience=self.audience,
            url=self.url,
            meeting_id=self.meeting_id,
            year=self.year,
            position=self.position,
            **values,
        )


@dataclass
class Source:
    name: str
    # The owners to index: a queryset with what build() reads already joined or prefetched.
    owners: Callable[[], models.QuerySet]
    # One owner's entries.
    build: Callable[[models.Model], Iterable[Found]]
    watch: dict = field(default_factory=dict)


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.name in SOURCES:
        raise ValueError(f"Search source {source.name!r} is registered twice.")
    SOURCES[source.name] = source
    return source


def reindex(name: str, owner_ids: Iterable[int]) -> int:
    """Replace the entries of these owners by what the source says now (gone owners: none)."""
    source = SOURCES[name]
    ids = sorted(set(owner_ids))
    if not ids:
        return 0
    entries = []
    for owner in source.owners().filter(pk__in=ids):
        entries += [found.to_entry(name, owner.pk) for found in source.build(owner)]
    with transaction.atomic():
        Entry.objects.filter(source=name, owner_id__in=ids).delete()
        Entry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def rebuild(names: Iterable[str] | None = None, chunk: int = 200) -> dict[str, int]:
    counts = {}
    for name in names or list(SOURCES):
        source = SOURCES[name]
        ids = list(source.owners().values_list("pk", flat=True))
        total = 0
        with transaction.atomic():
            Entry.objects.filter(source=name).exclude(owner_id__in=ids).delete()
            for start in range(0, len(ids), chunk):
                total += reindex(name, ids[start : start + chunk])
        counts[name] = total
    return counts


# --- Keeping the index current ---------------------------------------------------------------

_pending: dict[str, set[int]] = {}
_listeners: list[Callable[[], None]] = []


def on_change(listener: Callable[[], None]) -> None:
    """Call `listener` after the index was refreshed for committed changes (the API's cache
    listens: what it shows is what the sources index)."""
    _listeners.append(listener)


def _flush():
    changed = bool(_pending)
    while _pending:
        name, ids = _pending.popitem()
        try:
            reindex(name, ids)
        except Exception:  # the change itself is committed; the nightly rebuild repairs this
            log.exception("Search index: %s %s not refreshed", name, sorted(ids)[:10])
    if changed:
        for listener in _listeners:
            listener()


def mark_stale(name: str, owner_ids: Iterable[int]) -> None:
    ids = {pk for pk in owner_ids if pk is not None}
    if not ids:
        return
    _pending.setdefault(name, set()).update(ids)
    # Registered every time: a rolled-back transaction drops its callback, not the marks, and
    # a flush that finds nothing left costs nothing.
    transaction.on_commit(_flush)


def _handler(name: str, owners_of: Callable):
    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        mark_stale(name, owners_of(instance))

    return changed


_handlers = []  # signals keep weak references


def connect() -> None:
    for source in SOURCES.values():
        for model, owners_of in source.watch.items():
            handler = _handler(source.name, owners_of)
            _handlers.append(handler)
            post_save.connect(handler, sender=model, weak=False)
            post_delete.connect(handler, sender=model, weak=False)
