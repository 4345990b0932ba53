"""Reading the portal's HTML in tests."""

import re


def pagination_links(html: str) -> list[str]:
    """The hrefs of the page's pagination (templates/includes/pagination.html), unescaped."""
    nav = html.split('data-testid="pagination"', 1)[1].split("</nav>", 1)[0]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]
