import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from pesnet.celery import app
from workplan import services
from workplan.models import ProgressExport

from .factories import ActivityFactory


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_requested_pdf(secretariat_user, reference_data):
    from members.models import MemberState

    activity = ActivityFactory(lead_member_state=MemberState.objects.get(iso3="PSE"))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            export = services.request_export(
                by=secretariat_user, plan=activity.plan, format="pdf", language="ar"
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            export.refresh_from_db()
            if export.state in (ProgressExport.State.DONE, ProgressExport.State.FAILED):
                break
            time.sleep(0.3)
    assert export.state == ProgressExport.State.DONE, export.error
    assert export.file.open("rb").read(5) == b"%PDF-"
