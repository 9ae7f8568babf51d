"""Forms of the bloc's proposal (the secretariat's side)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class SignerForm(forms.Form):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=200,
        help_text=_("The head of the bloc-head unit signs the cover submission on the bloc's behalf."),
    )


class RemoveItemForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removing it"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitProposalForm(forms.Form):
    submitted_on = forms.DateField(label=_("Date of the cover submission"), widget=DateInput())
