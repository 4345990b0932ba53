from tests.search.conftest import _english, meetings, published  # noqa: F401
