"""/api/v1/: the ninja API's URLs, each behind the rate limit, the cache and the ETag."""

from .api import api
from .caching import api_view

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = api_view(pattern.callback)

v1 = (patterns, app_name, namespace)
