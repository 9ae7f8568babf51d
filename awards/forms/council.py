"""Forms of the council's session: plan it, put a dossier on it, attendance, the vote on one item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Proposal
from blocs.models import Province
from core.forms import DateInput, NFCFormMixin


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        selecting = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select" if selecting else "form-control"


class PlanSessionForm(NFCFormMixin, forms.Form):
    province: "forms.ModelChoiceField[Province]" = forms.ModelChoiceField(label=_("Province"), queryset=None)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    chair_name = forms.CharField(label=_("Chair's name"), max_length=150)
    chair_title = forms.CharField(label=_("Chair's title"), max_length=200)
    secretary_name = forms.CharField(label=_("Secretary's name"), max_length=150, required=False)
    members_total = forms.IntegerField(label=_("Council members"), min_value=1, max_value=200)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        _style(self)


class AddProposalForm(forms.Form):
    proposal: "forms.ModelChoiceField[Proposal]" = forms.ModelChoiceField(label=_("Dossier"), queryset=None)

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        _style(self)


class AttendanceForm(forms.Form):
    present = forms.IntegerField(label=_("Members present"), min_value=0)
    written_opinions = forms.IntegerField(label=_("Absentees' written opinions"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class VoteForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes (present members)"), min_value=0)
    no = forms.IntegerField(label=_("No (present members)"), min_value=0)
    written_yes = forms.IntegerField(label=_("Yes in absentees' written opinions"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
