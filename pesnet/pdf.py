"""Every PDF of the portal is rendered here: communiqués and the Rules of Procedure
(communiques/pdf.py), the members directory (members/pdf.py) and the work-plan report
(workplan/exports.py) call `render_pdf(html, stylesheets=[...])`.

What they share:
- one font configuration: `static/css/pdf-fonts.css` (installed system fonts, the same stacks
  for Latin and Arabic script in every document; a document adds `class="formal"` on `html`
  for the serif face) and one WeasyPrint `FontConfiguration` per process;
- one URL fetcher: WeasyPrint may read our static files and the system's fonts, and nothing
  else. User content (paragraphs, narratives, names) can carry links and images; a refused
  fetch keeps it from making the server read other files or call out.
- relative URLs in the HTML resolve against the static folder (`STATIC_BASE_URL`).

This module imports nothing heavy at import time: `import weasyprint` costs about half a
second, so it happens inside `render_pdf` (and `safe_url_fetcher`), when a PDF is made.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

STATIC_ROOT = Path(settings.BASE_DIR, "static").resolve()
ALLOWED_ROOTS = (STATIC_ROOT, Path("/usr/share/fonts").resolve())
STATIC_BASE_URL = STATIC_ROOT.as_uri() + "/"
FONTS_CSS = STATIC_ROOT / "css" / "pdf-fonts.css"


class RefusedURL(ValueError):
    """A PDF asked for something outside ALLOWED_ROOTS."""


def is_allowed_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file":
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in ALLOWED_ROOTS)


_FETCHER_CLASS = None
_FONT_CONFIG = None


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


def font_config():
    """The process's one WeasyPrint font configuration (fontconfig is set up once)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def render_pdf(html: str, *, stylesheets=(), base_url: str | None = None) -> bytes:
    """The PDF of `html`. `stylesheets` are paths of the document's own CSS files, applied
    after the portal's fonts; relative URLs resolve against `base_url` (the static folder)."""
    import weasyprint

    fetcher = safe_url_fetcher()
    fonts = font_config()
    sheets = [
        weasyprint.CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts)
        for path in (FONTS_CSS, *stylesheets)
    ]
    document = weasyprint.HTML(
        string=html, base_url=base_url or STATIC_BASE_URL, url_fetcher=fetcher
    )
    return document.write_pdf(stylesheets=sheets, font_config=fonts)
