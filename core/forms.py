import unicodedata
from typing import Any, TypeVar

from django import forms

T = TypeVar("T")


def nfc(value: T) -> T:
    """Text pasted from Word may arrive decomposed; store and render it composed (NFC)."""
    # normalize() returns a str, which is what T is whenever value is a str.
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value  # type: ignore[return-value]


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
