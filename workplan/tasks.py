from celery import shared_task

from .services import generate_export


@shared_task(name="workplan.generate_progress_export")
def generate_progress_export(export_id: int) -> str | None:
    """Render a requested progress report (PDF or XLSX); running it twice renders it once."""
    export = generate_export(export_id)
    return export.state if export else None
