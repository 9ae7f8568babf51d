import unicodedata
from typing import Any, TypeVar

from django import forms

T = TypeVar("T")


# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Vietnamese text never
# needs them, and in a document they make text display in another order than it is stored: a reason or
# a unit name could read backwards on a signed PDF ("Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def nfc(value: T) -> T:
    """Text pasted from Word may arrive decomposed; store and render it composed (NFC), without
    bidirectional control characters."""
    if not isinstance(value, str):
        return value
    # normalize() returns a str, which is what T is whenever value is a str.
    return unicodedata.normalize("NFC", value.translate(BIDI_CONTROLS))  # type: ignore[return-value]


class NFCFormMixin:
    """Normalise every text value of the form to NFC before it reaches a service."""

    def clean(self) -> dict[str, Any]:
        # A mixin put before a Django form class: BaseForm.clean comes next in the MRO.
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        return {name: nfc(value) for name, value in cleaned.items()}


class DateInput(forms.DateInput):
    """A text date field in dd/mm/yyyy, the way Vietnamese users write dates."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
