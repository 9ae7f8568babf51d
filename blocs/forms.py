import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blocs.enums import BallotVoters, SuccessionKind, VoteDenominator
from blocs.models import BlocRule, BlocYear, Unit
from blocs.services import BLOC_RULE_FIELDS, BLOC_YEAR_FIELDS, UNIT_PROFILE_FIELDS
from core.forms import DateInput, NFCFormMixin


class BlocYearCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class BlocYearForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = BlocYear
        fields = BLOC_YEAR_FIELDS
        widgets = {"plan_date": DateInput()}


class BlocRuleForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = BlocRule
        fields = BLOC_RULE_FIELDS
        widgets = {name: DateInput() for name in fields if name.endswith("_deadline")}

    def clean_vote_threshold_percent(self):
        value = self.cleaned_data["vote_threshold_percent"]
        if not 0 < value <= 100:
            raise forms.ValidationError(_("The threshold is a percentage above 0 and at most 100."))
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("ballot_voters") == BallotVoters.ALL_MEMBERS
            and cleaned.get("vote_denominator") == VoteDenominator.PRESENT
        ):
            self.add_error(
                "vote_denominator",
                _("When every member unit votes, present or not, the vote is counted against all member units."),
            )
        return cleaned


class LeadershipForm(forms.Form):
    head = forms.ModelChoiceField(label=_("Head unit"), queryset=Unit.objects.none())
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputy units"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, head=None, deputies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = members
        self.fields["deputies"].queryset = members
        self.fields["head"].initial = head
        self.fields["deputies"].initial = list(deputies)

    def clean(self):
        cleaned = super().clean()
        head, deputies = cleaned.get("head"), cleaned.get("deputies") or []
        if head is not None and head in deputies:
            self.add_error("deputies", _("The head unit cannot also be a deputy."))
        return cleaned


class AddMemberForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())

    def __init__(self, *args, candidates, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = candidates
        self.year = year

    def clean_joined_on(self):
        joined_on = self.cleaned_data["joined_on"]
        if joined_on and joined_on.year != self.year:
            raise forms.ValidationError(_("The date must fall within %(year)s.") % {"year": self.year})
        return joined_on


class EndMembershipForm(NFCFormMixin, forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReopenYearForm(NFCFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class UnitProfileForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = UNIT_PROFILE_FIELDS


class RenameUnitForm(NFCFormMixin, forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)
    short_name = forms.CharField(label=_("New short name"), max_length=60, required=False)
    effective_date = forms.DateField(label=_("Effective date"), widget=DateInput())
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)


DISSOLVED = "dissolved"


class EndUnitForm(NFCFormMixin, forms.Form):
    """How a unit ends: into successor(s) (a succession link) or dissolved without one."""

    kind = forms.ChoiceField(
        label=_("What happened"), choices=[*SuccessionKind.choices, (DISSOLVED, _("Dissolved without a successor"))]
    )
    successors = forms.ModelMultipleChoiceField(
        label=_("Successor unit(s)"), queryset=Unit.objects.none(), required=False
    )
    effective_date = forms.DateField(
        label=_("Effective date"), widget=DateInput(), help_text=_("The first day of the successor's work.")
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].queryset = candidates

    def clean_effective_date(self):
        day = self.cleaned_data["effective_date"]
        if day < datetime.date(2000, 1, 2):
            raise forms.ValidationError(_("Enter a date from 2000 on."))
        return day

    def clean(self):
        cleaned = super().clean()
        dissolved, successors = cleaned.get("kind") == DISSOLVED, cleaned.get("successors")
        if dissolved and successors:
            self.add_error("successors", _("A dissolved unit has no successor: leave this empty."))
        if not dissolved and not successors:
            self.add_error("successors", _("Choose the unit(s) that carry on its work."))
        return cleaned
