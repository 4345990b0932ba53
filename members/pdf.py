"""The network's directory as a PDF (WeasyPrint), in Arabic, English or French.

Only installed system fonts are used (Amiri, Noto Naskh Arabic via fontconfig), and the URL
fetcher refuses every network URL and every file outside the project's static folder, so no
content in the directory can make the server read files or call out.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .selectors import active_focal_points, directory_rows

STATIC_ROOTS = [Path(settings.BASE_DIR / "static").resolve()]


def is_allowed_url(url: str) -> bool:
    """Only files under the project's static folder; never the network, never other files."""
    if not url.startswith("file://"):
        return False
    path = Path(unquote(urlsplit(url).path)).resolve()
    return any(path.is_relative_to(root) for root in STATIC_ROOTS)


def safe_url_fetcher():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not is_allowed_url(url):
                raise ValueError(f"Refused to fetch {url!r} while rendering a PDF.")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=("file",), allow_redirects=False)


def directory_pdf(language: str) -> bytes:
    """The PDF, rendered again only when the directory changed (members.cache version) or the
    day turned (the date is printed on it)."""
    from django.core.cache import cache

    from .cache import version

    key = f"members:pdf:{version()}:{language}:{timezone.localdate().isoformat()}"
    content = cache.get(key)
    if content is None:
        content = render_directory_pdf(language)
        cache.set(key, content, 24 * 3600)
    return content


def render_directory_pdf(language: str) -> bytes:
    import weasyprint  # heavy import (~0.6 s): only where a PDF is made

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
    document = weasyprint.HTML(
        string=html, base_url=str(STATIC_ROOTS[0]), url_fetcher=safe_url_fetcher()
    )
    return document.write_pdf()
