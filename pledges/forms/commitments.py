from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc
from core.forms import DateInput, NFCFormMixin
from pledges.models import LaunchMeeting, Registration, Title
from pledges.services.commitments import LAUNCH_MEETING_FIELDS


class LaunchMeetingForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = LaunchMeeting
        fields = LAUNCH_MEETING_FIELDS
        widgets = {"held_on": DateInput(), "attendees": forms.Textarea(attrs={"rows": 6})}


class PledgeForm(NFCFormMixin, forms.Form):
    """The pledge's text; one theme field per current member unit (``theme_<unit id>``)."""

    theme = forms.CharField(label=_("Bloc theme"), max_length=500)
    slogan = forms.CharField(label=_("Slogan"), max_length=300, required=False)
    plan_number = forms.CharField(
        label=_("Plan number"), max_length=60, required=False, widget=forms.TextInput({"placeholder": "127/KH-KTĐ"})
    )
    plan_date = forms.DateField(label=_("Plan date"), required=False, widget=DateInput())
    preamble = forms.CharField(label=_("Content of the pledge"), required=False, widget=forms.Textarea({"rows": 5}))
    change_note = forms.CharField(
        label=_("What the amendment changes"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, members, amending: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for membership in members:
            self.fields[f"theme_{membership.unit_id}"] = forms.CharField(
                label=_("Own theme of %(unit)s") % {"unit": membership.unit_name}, max_length=500, required=False
            )
        if amending:
            self.fields["change_note"].required = True
            self.fields["change_note"].help_text = _("Members have signed: the change becomes a new version.")
        else:
            del self.fields["change_note"]

    def unit_themes(self) -> dict[int, str]:
        return {m.unit_id: self.cleaned_data.get(f"theme_{m.unit_id}", "") for m in self.members}


class ClauseForm(NFCFormMixin, forms.Form):
    content = forms.CharField(label=_("Target"), widget=forms.Textarea({"rows": 2}))
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    target_value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, required=False)


ClauseFormSet = forms.formset_factory(ClauseForm, extra=2, max_num=100, validate_max=True)


def clause_rows(formset) -> list[dict]:
    """The filled-in clauses of a valid formset, in order; blank extra rows are skipped."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("content")]


class SignatureForm(NFCFormMixin, forms.Form):
    signer_name = forms.CharField(label=_("Signed by (leader's name)"), max_length=150)
    signer_title = forms.CharField(label=_("Position"), max_length=150)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class RegistrationCreateForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["title", "targets"]
        widgets = {"targets": forms.Textarea({"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = Title.objects.filter(is_active=True)


class RegistrationForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["targets"]
        widgets = {"targets": forms.Textarea({"rows": 4})}


class ReturnForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea({"rows": 3}))


class RegistrationFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    bloc: "forms.ModelChoiceField[Bloc]" = forms.ModelChoiceField(label=_("Bloc"), queryset=None, required=False)
    title = forms.ModelChoiceField(label=_("Title"), queryset=Title.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, blocs, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = blocs
        self.fields["status"].choices = [("", _("All")), *statuses]
        for field in self.fields.values():
            selecting = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if selecting else "form-control form-control-sm"
