"""What every PDF of the portal shares: WeasyPrint may read our static files and the system's
fonts, and nothing else. User content (paragraphs, narratives, names) can carry links and
images; a refused fetch keeps it from making the server read other files or call out.

`import weasyprint` costs about half a second, so it happens only when a fetcher is made.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

ALLOWED_ROOTS = (
    Path(settings.BASE_DIR, "static").resolve(),
    Path("/usr/share/fonts").resolve(),
)


class RefusedURL(ValueError):
    """A PDF asked for something outside ALLOWED_ROOTS."""


def is_allowed_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in ALLOWED_ROOTS)


_FETCHER_CLASS = None


def safe_url_fetcher():
    global _FETCHER_CLASS
    if _FETCHER_CLASS is None:
        from weasyprint.urls import URLFetcher

        class SafeURLFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if not is_allowed_url(url):
                    raise RefusedURL(f"Refused to fetch {url!r} while rendering a PDF.")
                return super().fetch(url, headers)

        _FETCHER_CLASS = SafeURLFetcher
    return _FETCHER_CLASS(allowed_protocols=("file",), timeout=5, allow_redirects=False)
