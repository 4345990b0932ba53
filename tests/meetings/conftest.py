import pytest

from ..outbox.conftest import use_sink
from ..outbox.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink().start()
    use_sink(settings, sink)
    yield sink
    sink.stop()
