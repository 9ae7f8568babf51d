"""Forms of the award decision: issue it (date, signer), revoke one of its awards."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import SignerRank
from core.forms import DateInput


class IssueDecisionForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    signer_rank = forms.ChoiceField(label=_("Signed by"), choices=SignerRank.choices)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)


class RevokeItemForm(forms.Form):
    revoked_on = forms.DateField(label=_("Date of the revocation"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for the revocation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        help_text=_("For example: Law 06/2022/QH15, Art. 91 (false dossier), and the revoking document."),
    )
