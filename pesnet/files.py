"""Members-only files: where they are stored and how they are served.

They live in the `private` storage (`PrivateStorage`, settings.STORAGES), under a random name
(`pesnet.uploads.random_name`), with the name the user gave kept in a field of the model.
They have no public URL: `url()` refuses, so nothing (a template, the admin) can link to
`/media/...`; a view checks permissions and answers with `stored_file_response`.
"""

import logging

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


class NoPublicURL(ValueError):
    """A private file was asked for its URL. Templates render it as an empty string."""

    silent_variable_failure = True


class PrivateStorage(FileSystemStorage):
    """The folder of members-only files (PRIVATE_MEDIA_ROOT), without a URL."""

    def url(self, name):
        raise NoPublicURL(
            f"{name!r} is a private file: link to the view that checks permissions instead."
        )


def private_storage():
    """The `storage=` of every private FileField (a callable, so tests may swap STORAGES)."""
    return storages["private"]


def stored_file_response(field, **kwargs) -> FileResponse:
    """A FileResponse for a FileField's file; 404 (logged, not a 500) when the file is missing
    from storage, e.g. after a partial restore."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        logger.error("Stored file missing: %s", getattr(field, "name", field))
        raise Http404 from None
    return FileResponse(handle, **kwargs)
