from celery import shared_task


@shared_task(name="pesnet.check_services")
def check_services() -> dict[str, bool]:
    """What the worker sees of PostgreSQL and Redis; lets monitoring probe the worker itself."""
    from .views import service_state

    return service_state()


@shared_task(name="pesnet.tick", ignore_result=True)
def tick() -> None:
    """Sent by beat every minute; the worker that runs it is alive (pesnet/heartbeats.py)."""
    from . import heartbeats

    heartbeats.record(heartbeats.WORKER)


@shared_task(name="pesnet.log_probe")
def log_probe(text: str) -> str:
    """Writes one log line from a worker, for checking the log pipeline end to end."""
    import logging

    logging.getLogger("pesnet.heartbeats").info(text)
    return text
