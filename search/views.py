from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from pesnet.pagecache import cached_page

from . import library, selectors
from .cache import INDEX
from .forms import LibraryForm, SearchForm
from .models import Kind


@cached_page(
    INDEX,
    params=("q", "kind", "meeting", "language", "year", "page"),
    vary=lambda request: selectors.audience_of(request.user),
)
def results(request):
    """The menu's search: public, and each user finds only what they may open. Cached per
    viewer and audience until anything indexed changes (search.cache)."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "kinds": Kind.choices}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            kind=data["kind"],
            meeting=data["meeting"],
            language=data["language"],
            year=data["year"],
        )
        entries, found, counts = selectors.search(request.user, data["q"], filters)
        page = Paginator(entries, selectors.PAGE_SIZE).get_page(data["page"] or 1)
        page.object_list = selectors.decorate(list(page.object_list), found)
        prefix = "/" + (get_language() or "en")[:2]
        for entry in page.object_list:
            entry.link = prefix + entry.url
        context.update(
            query=data["q"],
            page=page,
            found=found,
            counts=[(value, label, counts.get(value, 0)) for value, label in Kind.choices],
            total=sum(counts.values()),
            filters=filters,
            **selectors.filter_choices(request.user),
        )
    return render(request, "search/results.html", context)


def documents(request):
    """The document library: public documents for everyone, members-only ones for members."""
    form = LibraryForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    everything = library.documents_for(request.user)
    shown = library.filtered(
        everything,
        kind=filters.get("kind") or "",
        meeting=filters.get("meeting"),
        language=filters.get("language") or "",
        year=filters.get("year"),
    )
    meetings = {d.meeting.pk: d.meeting for d in everything if d.meeting}
    return render(
        request,
        "search/documents.html",
        {
            "form": form,
            "filters": filters,
            "documents": shown,
            "meetings": sorted(meetings.values(), key=lambda m: m.start, reverse=True),
            "years": sorted({d.year for d in everything if d.year}, reverse=True),
            "language_names": library.LANGUAGE_NAMES,
        },
    )
