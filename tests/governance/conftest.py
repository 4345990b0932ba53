import pytest


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() follows the active language, which a request to /ar/ leaves behind."""
    from django.utils import translation

    with translation.override("en"):
        yield
