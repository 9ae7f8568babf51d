"""A stored file sent to the user who was allowed to see it: by Django, or by nginx after Django said yes.

With ``MEDIA_X_ACCEL`` on (production behind nginx), the view checks the permission as always and then
answers with an empty response whose ``X-Accel-Redirect`` header names the file under nginx's internal
``/protected-media/`` location; nginx sends the bytes, so a gunicorn worker is not held for the length
of a download. Without it (development, tests, the embedded demo) Django streams the file itself.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

ACCEL_LOCATION = "/protected-media/"


def stored_file_response(file: FieldFile, filename: str) -> HttpResponseBase:
    """Send ``file`` as a download named ``filename``; 404 when the stored file is gone."""
    name = file.name if file else None
    if not name or not file.storage.exists(name):
        raise Http404
    if not settings.MEDIA_X_ACCEL:
        return FileResponse(file.open("rb"), as_attachment=True, filename=filename)
    response = HttpResponse(content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream")
    response["X-Accel-Redirect"] = ACCEL_LOCATION + quote(name)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
