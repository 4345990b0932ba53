"""The web container's health check: this web process answers and reaches PostgreSQL and Redis.

/healthz also reports beat and the worker (503 when either is silent), which is what an
operator's monitoring wants; but a silent worker must not make Docker or a load balancer take
the web containers out of service, so this check reads only the web's own part of the answer.
"""

import json
import sys
import urllib.error
import urllib.request

URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz"

try:
    body = urllib.request.urlopen(URL, timeout=3).read()
except urllib.error.HTTPError as error:
    body = error.read()
except OSError as error:
    sys.exit(f"unreachable: {error}")
state = json.loads(body)
sys.exit(0 if state.get("database") == "ok" and state.get("redis") == "ok" else 1)
