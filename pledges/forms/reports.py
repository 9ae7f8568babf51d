from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from blocs.selectors import name_on
from core.files import AttachmentField
from core.forms import DateInput, NFCFormMixin
from pledges.enums import REPORT_SECTIONS
from pledges.models import BlocReport, Inspection, UnitReport
from pledges.services.reports import BLOC_REPORT_FIELDS, INSPECTION_FIELDS

TEXTAREA = {"rows": 5}


class ReportTextMixin(NFCFormMixin):
    """NFC text with the browser's CRLF line ends made plain newlines, so the audit sees only real edits."""

    def clean(self):
        cleaned = super().clean()
        return {
            name: value.replace("\r\n", "\n") if isinstance(value, str) else value for name, value in cleaned.items()
        }


class UnitReportForm(ReportTextMixin, forms.ModelForm):
    class Meta:
        model = UnitReport
        fields = REPORT_SECTIONS
        widgets = {name: forms.Textarea(attrs=TEXTAREA) for name in REPORT_SECTIONS}


class ReturnReportForm(ReportTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, strip=True
    )


class SubmitReportForm(NFCFormMixin, forms.Form):
    """Who signs the report when it is first submitted; blank takes the unit's recorded leader."""

    signer_title = forms.CharField(label=_("Signer's title"), max_length=150, required=False)
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=150, required=False)


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in: confirms removing a file."""


class AttachmentForm(forms.Form):
    file = AttachmentField(label=_("File"), help_text=_("PDF, image, Word, Excel or OpenDocument; at most 10 MB."))


class BlocReportForm(ReportTextMixin, forms.ModelForm):
    class Meta:
        model = BlocReport
        fields = BLOC_REPORT_FIELDS
        widgets = {name: forms.Textarea(attrs=TEXTAREA) for name in [*REPORT_SECTIONS, "recipients"]}


class IssueBlocReportForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput())


class InspectionForm(ReportTextMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = INSPECTION_FIELDS
        widgets = {
            "inspected_on": DateInput(),
            "team": forms.Textarea(attrs={"rows": 3}),
            "conclusion": forms.Textarea(attrs=TEXTAREA),
        }


class FindingForm(ReportTextMixin, forms.Form):
    unit: "forms.ModelChoiceField[Unit]" = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs=TEXTAREA), max_length=10000)
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs=TEXTAREA), max_length=10000, required=False
    )

    def __init__(self, *args, units, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # Each unit under the name it carried on the inspection day (units are renamed; DOMAIN §3).
        self.fields["unit"].label_from_instance = lambda unit: name_on(unit, day)
