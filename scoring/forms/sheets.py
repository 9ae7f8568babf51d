"""Forms of score sheets: one line's save, return comments, settings, evidence, workbook upload."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.files import AttachmentField
from core.forms import DateInput, NFCFormMixin
from scoring.calculations import PointsSyntaxError, parse_points_text
from scoring.models import ScoringSetting


def parse_points(value) -> Decimal | None:
    """Points as typed by a Vietnamese user: "7,5" or "7.5"; blank → None. ValidationError otherwise."""
    if value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    try:
        return parse_points_text(repr(value) if isinstance(value, float) else str(value))
    except PointsSyntaxError as error:
        raise ValidationError(error.message) from None


class PointsField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)

    def clean(self, value):
        return parse_points(super().clean(value))


class LineForm(NFCFormMixin, forms.Form):
    line = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    points = PointsField(label=_("Points"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=2000)


class ReturnForm(NFCFormMixin, forms.Form):
    comment = forms.CharField(label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 4}))


class ScoringSettingForm(NFCFormMixin, forms.ModelForm):
    """The settings with the three bands as plain fields (label, least total %, least criterion %)."""

    class Meta:
        model = ScoringSetting
        fields = ["verifier_mode", "uses_council_stage", "scores_released", "fail_label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bands = (self.instance.bands or [])[:3]
        for index in range(3):
            band = bands[index] if index < len(bands) else {}
            number = index + 1
            self.fields[f"band{number}_label"] = forms.CharField(
                label=_("Band %(n)s: label") % {"n": number}, max_length=100, initial=band.get("label", "")
            )
            self.fields[f"band{number}_total"] = forms.DecimalField(
                label=_("Band %(n)s: least total (%%)") % {"n": number},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=band.get("min_total"),
            )
            self.fields[f"band{number}_item"] = forms.DecimalField(
                label=_("Band %(n)s: least %% of each criterion") % {"n": number},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=band.get("min_item"),
            )
        self.order_fields([*self.Meta.fields[:3], *[f for f in self.fields if f.startswith("band")], "fail_label"])

    def clean(self):
        cleaned = super().clean()
        totals = [cleaned.get(f"band{n}_total") for n in (1, 2, 3)]
        if None not in totals and not totals[0] >= totals[1] >= totals[2]:
            raise ValidationError(
                _("Bands go from the best to the lowest: each least total must not exceed the one above.")
            )
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        bands = [
            {
                "label": data[f"band{n}_label"],
                "min_total": str(data[f"band{n}_total"]),
                "min_item": str(data[f"band{n}_item"]),
            }
            for n in (1, 2, 3)
        ]
        return {**{name: data[name] for name in self.Meta.fields}, "bands": bands}


class EvidenceForm(forms.Form):
    file = AttachmentField(label=_("Evidence file"))


class SheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in workbook (.xlsx)"))


class IssueSummaryForm(NFCFormMixin, forms.Form):
    """Number and date are fixed when the summary is issued; the form asks who signs it."""

    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput())
    signer_authority = forms.CharField(label=_("Signing authority"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Signer's title in the signature block"), max_length=150)
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=150)
