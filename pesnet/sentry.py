"""Errors to Sentry when SENTRY_DSN is set, without personal data.

`send_default_pii=False` keeps cookies, headers with credentials, user names and addresses out;
`scrub` also replaces anything that looks like an e-mail address or a phone number in what
remains (messages, local variables, breadcrumbs), since the portal's data is mostly contacts.
"""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# The portal stores and shows phone numbers in international form (+90 312 …), and a leading
# "+" keeps dates, times and ids out of the match.
PHONE = re.compile(r"\+\d[\d ().-]{6,}\d")
REPLACEMENT_EMAIL = "[e-mail]"
REPLACEMENT_PHONE = "[phone]"


def _scrub(value):
    if isinstance(value, str):
        return PHONE.sub(REPLACEMENT_PHONE, EMAIL.sub(REPLACEMENT_EMAIL, value))
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrub(item) for item in value)
    return value


def scrub(event, hint=None):
    """Sentry's before_send / before_send_transaction: the event without contact data."""
    event = _scrub(event)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return event


def scrub_breadcrumb(crumb, hint=None):
    return _scrub(crumb)


def init(dsn: str, *, environment: str, traces_sample_rate: float, **extra) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        before_breadcrumb=scrub_breadcrumb,
        **extra,
    )
