"""Checks on uploaded files: size, extension, and that the content is what the extension claims."""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
}


def _head(uploaded_file, length: int = 8) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(length)
    uploaded_file.seek(0)
    return head


def validate_attachment(uploaded_file) -> None:
    """Refuse a file that is too large, of a type we do not take, or whose content does not match its name."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            params={"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = os.path.splitext(uploaded_file.name)[1].lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted: %(allowed)s."),
            params={"extension": extension or "?", "allowed": ", ".join(sorted(SIGNATURES))},
            code="bad_type",
        )
    if not _head(uploaded_file).startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(extension)s file."),
            params={"name": uploaded_file.name, "extension": extension},
            code="bad_content",
        )


class AttachmentField(forms.FileField):
    """A file field that only lets through what `validate_attachment` accepts."""

    default_validators = [validate_attachment]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(sorted(SIGNATURES))
        return attrs
