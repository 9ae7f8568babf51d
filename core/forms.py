import unicodedata

from django import forms


def nfc(value):
    """Text pasted from Word may arrive decomposed; store and render it composed (NFC)."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class NFCFormMixin:
    """Normalise every text value of the form to NFC before it reaches a service."""

    def clean(self):
        cleaned = super().clean()
        return {name: nfc(value) for name, value in cleaned.items()}


class DateInput(forms.DateInput):
    """A text date field in dd/mm/yyyy, the way Vietnamese users write dates."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")
