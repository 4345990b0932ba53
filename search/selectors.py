"""The search itself: what a user may find, ranked, with snippets in the language that matched."""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from pesnet.roles import is_network_member, is_secretariat, member_state_of

from .models import CONFIGS, LANGUAGES, Audience, Entry
from .terms import terms
from .text import DELIMITER, START, STOP, fold_query, highlight

PAGE_SIZE = 20
MAX_QUERY = 200
_WORDS = re.compile(r"[\w\u0600-\u06ff]+")
# websearch_to_tsquery's syntax: a quoted phrase, "or" between words, a word excluded by "-".
_WEBSEARCH = re.compile(r'"|(?:^|\s)or\s|(?:^|\s)-\w')


def audiences_for(user) -> list[str]:
    """The audiences whose entries this user may find (the same levels the pages apply)."""
    if is_secretariat(user):
        return [Audience.PUBLIC, Audience.MEMBERS, Audience.SECRETARIAT]
    if is_network_member(user):
        return [Audience.PUBLIC, Audience.MEMBERS]
    return [Audience.PUBLIC]


def audience_of(user) -> str:
    """What a results page depends on of its viewer, for its cache key: the audiences it may
    find, and the member state of a focal point (said explicitly, should a source ever offer
    a state's own entries)."""
    state = member_state_of(user)
    return ",".join(audiences_for(user)) + (f"|state:{state.pk}" if state else "")


def visible_entries(user):
    return Entry.objects.filter(audience__in=audiences_for(user))


@dataclass
class Filters:
    kind: str = ""
    meeting: int | None = None
    language: str = ""
    year: int | None = None


@dataclass
class Search:
    """A typed query, as PostgreSQL queries per language.

    Its terms (search.terms: question words dropped, the network's synonyms grouped) are
    first required together; when no entry has them all (a question typed as a sentence), any
    of them will do, and what has more of them comes first. Within that, ts_rank_cd: weight A
    for headings (a paragraph's lead verb, a title), and terms found close together count more.
    A query with websearch syntax ("a phrase", or, -word) is taken as written.
    """

    text: str
    languages: list[str]
    every_word: bool = True

    @classmethod
    def of(cls, text: str, language: str = "") -> "Search":
        text = (text or "")[:MAX_QUERY]
        return cls(text=text, languages=[language] if language in CONFIGS else list(LANGUAGES))

    @property
    def folded(self) -> str:
        return fold_query(self.text)

    @property
    def as_written(self) -> bool:
        return bool(_WEBSEARCH.search(self.folded))

    def words(self) -> list[str]:
        return _WORDS.findall(self.folded)

    def terms(self, code: str) -> list[SearchQuery]:
        config = CONFIGS[code]
        found = []
        for term in terms(self.text, code):
            alternatives = [
                SearchQuery(phrase, config=config, search_type="phrase") for phrase in term.phrases
            ]
            found.append(reduce(operator.or_, alternatives))
        return found

    def query(self, code: str) -> SearchQuery:
        if self.as_written:
            return SearchQuery(self.folded, config=CONFIGS[code], search_type="websearch")
        found = self.terms(code)
        if not found:  # only stop words: PostgreSQL finds nothing, and says so
            return SearchQuery(self.folded, config=CONFIGS[code], search_type="plain")
        return reduce(operator.and_ if self.every_word else operator.or_, found)

    def matches(self) -> Q:
        condition = Q(pk__in=[])
        for code in self.languages:
            condition |= Q(**{f"vector_{code}": self.query(code)})
        return condition

    def ranked(self, entries):
        ranks = {
            f"rank_{code}": SearchRank(
                F(f"vector_{code}"), self.query(code), cover_density=True, normalization=1
            )
            for code in self.languages
        }
        entries = entries.filter(self.matches()).annotate(**ranks)
        best = Greatest(*[F(name) for name in ranks]) if len(ranks) > 1 else F(next(iter(ranks)))
        entries = entries.annotate(rank=best)
        if self.every_word:
            return entries.order_by("-rank", "source", "owner_id", "position")
        # A question typed as a sentence: what has more of its terms comes first.
        coverage = {f"coverage_{code}": self._coverage(code) for code in self.languages}
        entries = entries.annotate(**coverage)
        most = (
            Greatest(*[F(name) for name in coverage])
            if len(coverage) > 1
            else F(next(iter(coverage)))
        )
        return entries.annotate(coverage=most).order_by(
            "-coverage", "-rank", "source", "owner_id", "position"
        )

    def _coverage(self, code: str):
        total = Value(0)
        for term in self.terms(code):
            total = total + Case(
                When(Q(**{f"vector_{code}": term}), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        return total

    def may_widen(self) -> bool:
        return not self.as_written and any(len(self.terms(code)) > 1 for code in self.languages)


def _filtered(entries, filters: Filters, *, skip_kind: bool = False):
    if filters.kind and not skip_kind:
        entries = entries.filter(kind=filters.kind)
    if filters.meeting:
        entries = entries.filter(meeting_id=filters.meeting)
    if filters.year:
        entries = entries.filter(year=filters.year)
    return entries


def search(user, text: str, filters: Filters):
    """(queryset of ranked visible entries, Search, counts by kind). A query with no result
    having every word falls back to any of its words (a question typed as a sentence)."""
    found = Search.of(text, filters.language)
    if not found.words():
        return Entry.objects.none(), found, {}
    base = visible_entries(user)
    results = found.ranked(_filtered(base, filters))
    if not results.exists() and found.may_widen():
        found.every_word = False
        results = found.ranked(_filtered(base, filters))
    counts = dict(
        _filtered(base, filters, skip_kind=True)
        .filter(found.matches())
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return results, found, counts


_TEXT_OPTIONS = {"max_words": 40, "min_words": 18, "max_fragments": 2}
_TITLE_OPTIONS = {"highlight_all": True}


def decorate(entries: list[Entry], found: Search) -> list[Entry]:
    """Snippets for one page of results (one query): the language that matched best, its
    title and text highlighted by ts_headline, and the other languages beside it."""
    if not entries:
        return entries
    columns = {}
    for code in found.languages:
        config, query = CONFIGS[code], found.query(code)
        marks = {"start_sel": START, "stop_sel": STOP, "fragment_delimiter": DELIMITER}
        columns[f"text_{code}"] = SearchHeadline(
            f"search_text_{code}", query, config=config, **marks, **_TEXT_OPTIONS
        )
        marks.pop("fragment_delimiter")
        columns[f"title_{code}"] = SearchHeadline(
            f"search_title_{code}", query, config=config, **marks, **_TITLE_OPTIONS
        )
    rows = (
        Entry.objects.filter(pk__in=[entry.pk for entry in entries])
        .annotate(**{f"headline_{name}": value for name, value in columns.items()})
        .values_list("pk", *[f"headline_{name}" for name in columns])
    )
    headlines = {row[0]: row[1:] for row in rows}
    for entry in entries:
        ranks = {code: getattr(entry, f"rank_{code}", 0) or 0 for code in found.languages}
        entry.matched = max(ranks, key=ranks.get)
        row = headlines.get(entry.pk, ())
        index = found.languages.index(entry.matched) * 2
        text_headline, title_headline = (row[index], row[index + 1]) if row else ("", "")
        code = entry.matched
        entry.snippet = highlight(getattr(entry, f"text_{code}"), text_headline)
        title = getattr(entry, f"title_{code}")
        entry.title_html = highlight(title, title_headline) if title else ""
        entry.where = getattr(entry, f"where_{code}")
        entry.others = [
            {
                "code": other,
                "title": getattr(entry, f"title_{other}"),
                "text": getattr(entry, f"text_{other}"),
            }
            for other in LANGUAGES
            if other != code
            and (getattr(entry, f"text_{other}") or getattr(entry, f"title_{other}"))
        ]
    return entries


def filter_choices(user) -> dict:
    """Meetings and years that visible entries have (for the filter form)."""
    from meetings.models import Meeting

    entries = visible_entries(user)
    years = sorted(
        {y for y in entries.exclude(year=None).values_list("year", flat=True).distinct()},
        reverse=True,
    )
    meetings = Meeting.objects.filter(
        pk__in=entries.exclude(meeting=None).values("meeting_id")
    ).order_by("-start")
    return {"years": years, "meetings": list(meetings)}
