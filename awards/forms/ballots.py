"""Forms of the secret ballot: preparing a ballot, the ballot paper, and the receipt finder."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.calculations import UnitFacts
from awards.enums import BallotForm
from blocs.models import Unit

YES, NO = "yes", "no"


class CandidateField(forms.ModelMultipleChoiceField):
    """Units labelled with their name of the year (the candidacy's), not today's."""

    names: dict[int, str] = {}

    def label_from_instance(self, obj: Any) -> str:
        return self.names.get(obj.pk, str(obj))


class NewBallotForm(forms.Form):
    """A first-round ballot for one award: its form, the limit of choices, the candidates (all pre-checked)
    and each candidate's share of women when known (Decree 152/2025 Art. 4(6) prefers it on a tie)."""

    form = forms.ChoiceField(label=_("Ballot form"), choices=BallotForm.choices, widget=forms.RadioSelect)
    max_choices = forms.IntegerField(
        label=_("At most this many choices (choose form)"),
        required=False,
        min_value=1,
        help_text=_("Empty: as many as the places to fill."),
    )
    candidates = CandidateField(
        label=_("Candidates"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Sequence[UnitFacts], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = list(candidates)
        names = {unit.unit_id: unit.name for unit in self.units}
        field = self.fields["candidates"]
        assert isinstance(field, CandidateField)
        field.queryset = Unit.objects.filter(pk__in=names).order_by("name")
        field.names = names
        self.initial.setdefault("candidates", [unit.unit_id for unit in self.units])
        self.initial.setdefault("form", BallotForm.CHOOSE)
        for unit in self.units:
            self.fields[f"share_{unit.unit_id}"] = forms.DecimalField(
                label=_("Share of women in %(unit)s (%%)") % {"unit": unit.name},
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                initial=unit.women_share,
            )

    def share_fields(self) -> list[forms.BoundField]:
        return [self[f"share_{unit.unit_id}"] for unit in self.units]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("form") == BallotForm.YES_NO:
            data["max_choices"] = None  # a yes/no paper has no limit; the field is ignored
        return data

    def service_arguments(self) -> dict[str, Any]:
        """What ``create_ballot`` takes, from the cleaned form."""
        data = self.cleaned_data
        chosen = list(data["candidates"])
        shares = {unit.pk: data[f"share_{unit.pk}"] for unit in chosen if data.get(f"share_{unit.pk}") is not None}
        return {
            "form": data["form"],
            "max_choices": data["max_choices"],
            "candidates": chosen,
            "women_shares": shares,
        }


class VoteForm(forms.Form):
    """The ballot paper: yes/no per candidate (radio buttons, a candidate may be left unmarked) or
    up to N checkboxes. The limit is enforced by the service (``cast_ballot``), not only here."""

    def __init__(self, *args: Any, form: str, candidates: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ballot_form = form
        self.candidates = list(candidates)
        if form == BallotForm.YES_NO:
            for unit_id, name in self.candidates:
                self.fields[f"mark_{unit_id}"] = forms.ChoiceField(
                    label=name,
                    required=False,
                    choices=[(YES, pgettext_lazy("vote", "Yes")), (NO, pgettext_lazy("vote", "No"))],
                    widget=forms.RadioSelect,
                )
        else:
            self.fields["chosen"] = forms.TypedMultipleChoiceField(
                label=_("Candidates"),
                required=False,
                coerce=int,
                choices=self.candidates,
                widget=forms.CheckboxSelectMultiple,
            )

    def choice(self) -> object:
        """The choice as ``cast_ballot`` takes it: {unit id: bool} or [unit ids]."""
        data = self.cleaned_data
        if self.ballot_form == BallotForm.YES_NO:
            marks = {unit_id: data.get(f"mark_{unit_id}") for unit_id, _name in self.candidates}
            return {unit_id: mark == YES for unit_id, mark in marks.items() if mark}
        return list(data.get("chosen") or [])

    def marks(self) -> list[forms.BoundField]:
        return [self[f"mark_{unit_id}"] for unit_id, _name in self.candidates]


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "autocapitalize": "characters"}),
    )
