"""Writing a file so that a reader never sees half of it."""

import os
import tempfile
from pathlib import Path

from django.conf import settings


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary name beside ``path``, flush it to disk, then rename it into place.

    A crash leaves either the old file or the new one, never a truncated one; the temporary
    file is removed when anything fails. The file gets the permissions of an uploaded one
    (``FILE_UPLOAD_PERMISSIONS``, 0o644): mkstemp's 0o600 would keep nginx, which sends downloads
    (X-Accel-Redirect) as another user, from reading it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.chmod(temporary, settings.FILE_UPLOAD_PERMISSIONS or 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
