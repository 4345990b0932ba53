import pytest
from celery.contrib.testing.worker import start_worker

from pesnet.celery import app
from pesnet.tasks import check_services


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_through_redis():
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = check_services.delay()
        assert result.get(timeout=20) == {"database": True, "redis": True}
        assert result.successful()
