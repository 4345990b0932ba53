"""The network's directory as a PDF (WeasyPrint), in Arabic, English or French.

Rendered by pesnet.pdf: only installed system fonts are used, and the URL fetcher refuses every
network URL and every file outside the project's static folder, so no content in the directory
can make the server read files or call out.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pesnet.pdf import render_pdf

from .selectors import active_focal_points, directory_rows


def directory_pdf(language: str) -> bytes:
    """The PDF, rendered again only when the directory changed (members.cache.DIRECTORY) or the
    day turned (the date is printed on it)."""
    from django.core.cache import cache

    from .cache import DIRECTORY

    key = f"members:pdf:{DIRECTORY.current()}:{language}:{timezone.localdate().isoformat()}"
    content = cache.get(key)
    if content is None:
        content = render_directory_pdf(language)
        cache.set(key, content, 24 * 3600)
    return content


def render_directory_pdf(language: str) -> bytes:
    with translation.override(language):
        rows = directory_rows()
        people = {}
        for person in active_focal_points():
            people.setdefault(person.member_state_id, []).append(person)
        for row in rows:
            row.people = people.get(row.state.pk, [])
        html = render_to_string(
            "members/pdf/directory.html",
            {
                "rows": rows,
                "language": language,
                "rtl": language in settings.RTL_LANGUAGES,
                "generated": timezone.localdate(),
            },
        )
    return render_pdf(html)
