from celery import shared_task


@shared_task(name="meetings.extract_document_text")
def extract_document_text(document_id: int) -> None:
    """Fill a document's text for the search index; safe to run twice."""
    from . import services
    from .models import MeetingDocument

    document = MeetingDocument.objects.filter(pk=document_id).first()
    if document is not None:
        services.extract_text(document)
