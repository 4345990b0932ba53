import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesnet.settings")

app = Celery("pesnet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.before_task_publish.connect(dispatch_uid="pesnet-beat-heartbeat")
def _beat_heartbeat(sender=None, **kwargs):
    # Beat publishes the tick: its heartbeat is the moment it does (pesnet/heartbeats.py).
    if sender == "pesnet.tick":
        from .heartbeats import BEAT, record

        record(BEAT)


@signals.task_postrun.connect(dispatch_uid="pesnet-task-outcomes")
def _count_outcome(sender=None, state=None, **kwargs):
    from .metrics import count_task_outcome

    count_task_outcome(getattr(sender, "name", str(sender)), state or "UNKNOWN")
