"""/api/v1/: the ninja API's URLs, each behind the rate limit, the cache and the ETag.

A URL module (`include("api.routes")` in pesnet/urls.py), so that the core names it without
importing upward."""

from .api import api
from .caching import api_view

urlpatterns, _ninja, app_name = api.urls  # URL names: "api:…"
for pattern in urlpatterns:
    pattern.callback = api_view(pattern.callback)
