"""Long lists a page at a time, where the page's rows are rendered in a cached fragment shared
by every viewer and the page links by the page itself (templates/includes/pagination.html:
they keep the request's own query parameters)."""

from django.core.paginator import Paginator


def requested_page(request) -> int:
    """`?page=` as a number, as Paginator.get_page reads it (not a number: the first page)."""
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


def page_links(count: int, per_page: int, number):
    """The Paginator page `number` of a list of `count` rows, for the links only."""
    return Paginator(range(count), per_page).get_page(number)


def is_the_page_asked_for(number: int):
    """For `cached_fragment(keep=…)`, on a built value ending with the page's number: store
    only the page asked for. `?page=999` or `?page=0` show the last or the first page without
    storing it again under each number anyone sends (the fragments' cache never evicts)."""
    return lambda value: value[-1] == number
