from pathlib import Path

import pytest

from outbox.kinds import _KINDS, message_kind

from .smtp_sink import SmtpSink

TEMPLATES_DIR = Path(__file__).parent / "templates"

if "test" not in _KINDS:
    message_kind("test", "Test message")


def use_sink(settings, sink: SmtpSink) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink().start()
    use_sink(settings, sink)
    yield sink
    sink.stop()


@pytest.fixture
def test_templates(settings):
    """Adds tests/outbox/templates (a neutral "outbox_test/email/hello" message)."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}
    ]
