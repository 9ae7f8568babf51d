"""Forms of the council office's review: the list's filters, return, assign, appraise an item, a compliance note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, CheckingAgency, ProposalStatus
from blocs.models import Bloc
from core.models import User


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        selecting = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select form-select-sm" if selecting else "form-control form-control-sm"


class ProposalFilterForm(forms.Form):
    LATE_CHOICES = [("", _("All")), ("yes", _("Late")), ("no", _("On time"))]

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    bloc: "forms.ModelChoiceField[Bloc]" = forms.ModelChoiceField(label=_("Bloc"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    award = forms.ChoiceField(label=_("Award"), required=False, choices=[("", _("All")), *AwardKind.choices])
    late = forms.ChoiceField(label=_("Deadline"), required=False, choices=LATE_CHOICES)

    def __init__(self, *args, blocs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = blocs
        listed = [(value, label) for value, label in ProposalStatus.choices if value != ProposalStatus.DRAFT]
        self.fields["status"].choices = [("", _("All")), *listed]
        _style(self)


class ReturnProposalForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


class AssignProposalForm(forms.Form):
    officer: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(label=_("Officer in charge"), queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda user: user.get_full_name() or user.username
        _style(self)


class AppraisalForm(forms.Form):
    FINDINGS = [("eligible", _("Eligible")), ("ineligible", _("Not eligible"))]

    finding = forms.ChoiceField(label=_("Finding"), choices=FINDINGS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the proposed award is not eligible."),
    )

    def clean(self):
        data = super().clean()
        if data.get("finding") == "ineligible" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why the proposed award is not eligible."))
        return data


class ComplianceNoteForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), choices=CheckingAgency.choices)
    reference = forms.CharField(label=_("Document"), max_length=200, help_text=_("e.g. Công văn số 123/CAT-PV01"))
    note = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
