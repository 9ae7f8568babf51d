"""Checks on uploaded files: size, extension, and that the content is what the extension claims.

The first bytes are only a first sieve: a PDF must parse and have pages, an Office file must be
a zip with its format's parts that passes the spreadsheet upload's bomb guard, an image must
decode. pypdf and Pillow are imported on first use.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.xlsx import guard_zip_directory, refuse_doctypes

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


# Office formats: the parts each must hold; OpenDocument names its type in "mimetype".
OFFICE_PARTS = {
    ".docx": {"[Content_Types].xml", "word/document.xml"},
    ".xlsx": {"[Content_Types].xml", "xl/workbook.xml"},
    ".odt": {"mimetype", "content.xml"},
    ".ods": {"mimetype", "content.xml"},
}
OPENDOCUMENT_TYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
# Polyglots: a zip's end-of-directory record lies within its last 64 KiB + 22 bytes; browsers sniff
# HTML in the first 512 bytes (read 1 KiB to be safe). Neither belongs in a PDF or an image.
ZIP_DIRECTORY_END = b"PK\x05\x06"
ZIP_DIRECTORY_SEARCH = 65_557
SNIFFED_BYTES = 1024
HTML_TAGS = (b"<html", b"<script", b"<!doctype html", b"<body", b"<iframe", b"<svg")
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
# A 48-megapixel phone photo passes; a tiny file declaring a gigapixel image does not. A PNG is
# decoded whole (4 bytes a pixel), so it gets less: an A4 page scanned at 300 dpi is 8.7 megapixels.
MAX_IMAGE_PIXELS = {"JPEG": 50_000_000, "PNG": 16_000_000}
# Office files carry photos (already compressed), so they may expand more than a spreadsheet upload.
MAX_OFFICE_PART_BYTES = 64 * 1024 * 1024
MAX_OFFICE_EXPANDED_BYTES = 100 * 1024 * 1024


def _head(uploaded_file: File[bytes], length: int = 8) -> bytes:
    uploaded_file.seek(0)
    head: bytes = uploaded_file.read(length)
    uploaded_file.seek(0)
    return head


def validate_attachment(uploaded_file: File[bytes]) -> None:
    """Refuse a file that is too large, of a type we do not take, or whose content does not match its name."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if uploaded_file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            params={"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    extension = os.path.splitext(uploaded_file.name or "")[1].lower()
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Files of type “%(extension)s” are not accepted. Accepted: %(allowed)s."),
            params={"extension": extension or "?", "allowed": ", ".join(sorted(SIGNATURES))},
            code="bad_type",
        )
    if not _head(uploaded_file).startswith(SIGNATURES[extension]) or not _structure_is_sound(uploaded_file, extension):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(extension)s file."),
            params={"name": uploaded_file.name, "extension": extension},
            code="bad_content",
        )


def _structure_is_sound(uploaded_file: File[bytes], extension: str) -> bool:
    if (extension in IMAGE_FORMATS or extension == ".pdf") and _is_polyglot(uploaded_file):
        return False
    check = {".pdf": _pdf_is_sound, ".png": _image_is_sound, ".jpg": _image_is_sound, ".jpeg": _image_is_sound}
    check.update(dict.fromkeys(OFFICE_PARTS, _office_is_sound))
    if extension not in check:
        return True  # legacy .doc/.xls: the OLE signature is all we check
    uploaded_file.seek(0)
    try:
        return check[extension](uploaded_file, extension)
    finally:
        uploaded_file.seek(0)


def _is_polyglot(uploaded_file: File[bytes]) -> bool:
    """A PDF or image that is also a zip (found by its directory at the end) or HTML (browsers sniff the start)."""
    start = _head(uploaded_file, SNIFFED_BYTES).lower()
    uploaded_file.seek(max(uploaded_file.size - ZIP_DIRECTORY_SEARCH, 0))
    end = uploaded_file.read(ZIP_DIRECTORY_SEARCH)
    uploaded_file.seek(0)
    return ZIP_DIRECTORY_END in end or any(tag in start for tag in HTML_TAGS)


def _pdf_is_sound(stream: IO[bytes], extension: str) -> bool:
    from pypdf import PdfReader  # noqa: PLC0415 - pypdf loads only where an upload is checked
    from pypdf.errors import PyPdfError  # noqa: PLC0415 - as above

    try:
        return len(PdfReader(stream, strict=False).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, zlib.error):
        return False


def _office_is_sound(stream: IO[bytes], extension: str) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            guard_zip_directory(
                entries, max_part_bytes=MAX_OFFICE_PART_BYTES, max_expanded_bytes=MAX_OFFICE_EXPANDED_BYTES
            )
            if not OFFICE_PARTS[extension] <= {entry.filename for entry in entries}:
                return False
            refuse_doctypes(archive, entries)
            if extension in OPENDOCUMENT_TYPES:
                with archive.open("mimetype") as mimetype:
                    return mimetype.read(100).strip() == OPENDOCUMENT_TYPES[extension]
            return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        return False


def _image_is_sound(stream: IO[bytes], extension: str) -> bool:
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - Pillow loads only where an upload is checked

    try:
        with Image.open(stream, formats=[IMAGE_FORMATS[extension]]) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS[str(image.format)]:
                return False
            # A JPEG decodes at an eighth of its size: every block is still read, in little memory.
            image.draft("RGB", (max(image.width // 8, 1), max(image.height // 8, 1)))
            image.load()
        return True
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


class AttachmentField(forms.FileField):
    """A file field that only lets through what `validate_attachment` accepts."""

    default_validators = [validate_attachment]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(sorted(SIGNATURES))
        return attrs
