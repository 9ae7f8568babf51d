"""Forms of the compliance records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms import TEXTAREA
from awards.models import ComplianceRecord
from core.forms import DateInput, NFCFormMixin


class ComplianceRecordForm(NFCFormMixin, forms.ModelForm):
    """A new record: it may be entered already resolved (a past matter)."""

    class Meta:
        model = ComplianceRecord
        fields = ["kind", "started_on", "resolved_on", "reference", "note"]
        widgets = {
            "started_on": DateInput(),
            "resolved_on": DateInput(),
            "note": forms.Textarea(attrs=TEXTAREA),
        }


class ComplianceRecordEditForm(NFCFormMixin, forms.ModelForm):
    """A correction of the record; its resolution is recorded with ``ResolveForm``."""

    class Meta:
        model = ComplianceRecord
        fields = ["kind", "started_on", "reference", "note"]
        widgets = {"started_on": DateInput(), "note": forms.Textarea(attrs=TEXTAREA)}


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
