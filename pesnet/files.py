"""Serving stored files behind a permission check (nomination letters, evidence, exports)."""

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def stored_file_response(field, **kwargs) -> FileResponse:
    """A FileResponse for a FileField's file; 404 (logged, not a 500) when the file is missing
    from storage, e.g. after a partial restore."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Stored file missing: %s", getattr(field, "name", field))
        raise Http404 from None
    return FileResponse(handle, **kwargs)
