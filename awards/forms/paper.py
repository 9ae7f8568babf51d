"""Forms of the paper ballot: the vote-counting committee and the committee's count."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import PAPER_BALLOTS_KINDS
from awards.models import CountingMember
from awards.paper import paper_count_errors
from awards.selectors.paper import PaperCandidate
from awards.services.paper import CommitteeRow
from core.forms import NFCFormMixin

EMPTY_ROWS = 2  # free rows under the members already named
MIN_ROWS = 5


class CountingCommitteeForm(NFCFormMixin, forms.Form):
    """N rows of (name, title) and one radio for the head; rows left blank are ignored."""

    def __init__(self, *args: Any, members: list[CountingMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.size = max(len(members) + EMPTY_ROWS, MIN_ROWS)
        for row in range(self.size):
            self.fields[f"name_{row}"] = forms.CharField(label=_("Name"), max_length=150, required=False)
            self.fields[f"title_{row}"] = forms.CharField(label=_("Title"), max_length=200, required=False)
        self.fields["head"] = forms.TypedChoiceField(
            label=_("Head of the committee"),
            choices=[(row, row + 1) for row in range(self.size)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Say which member heads the committee.")},
        )
        for row, member in enumerate(members):
            self.initial.update({f"name_{row}": member.name, f"title_{row}": member.title})
            if member.is_head:
                self.initial["head"] = row

    def table(self) -> list[tuple[int, forms.BoundField, forms.BoundField, str]]:
        """(row number, name field, title field, head radio value) per row, for the template."""
        return [(row + 1, self[f"name_{row}"], self[f"title_{row}"], str(row)) for row in range(self.size)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        head = cleaned.get("head")
        if head is not None and not (cleaned.get(f"name_{head}") or "").strip():
            self.add_error("head", _("The head must be a row with a name."))
        return cleaned

    def rows(self) -> list[CommitteeRow]:
        data, head = self.cleaned_data, self.cleaned_data["head"]
        return [
            (data[f"name_{row}"], data[f"title_{row}"], row == head)
            for row in range(self.size)
            if data[f"name_{row}"].strip() or data[f"title_{row}"].strip()
        ]


class PaperCountForm(forms.Form):
    """The committee's figures and one votes field per candidate (named as that year); every inconsistency
    is listed at once (``paper_count_errors``), and the service checks again."""

    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0)
    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0)

    def __init__(self, *args: Any, candidates: list[PaperCandidate], max_choices: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates, self.max_choices = candidates, max_choices
        for candidate in candidates:
            self.fields[f"votes_{candidate.unit_id}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": candidate.name}, min_value=0
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        for error in paper_count_errors(
            **{name: cleaned[name] for name in ("issued", "returned", "valid", "invalid")},
            votes={c.name: cleaned[f"votes_{c.unit_id}"] for c in self.candidates},
            candidates=[c.name for c in self.candidates],
            max_choices=self.max_choices,
        ):
            self.add_error(None, error)
        return cleaned

    def votes(self) -> dict[int, int]:
        return {c.unit_id: self.cleaned_data[f"votes_{c.unit_id}"] for c in self.candidates}


class PaperBallotsForm(forms.Form):
    """How the ballot papers are laid out: 1, 2 or 4 to an A4 page (one paper per member unit)."""

    per_page = forms.TypedChoiceField(
        label=_("Ballot papers per A4 page"),
        choices=[(n, n) for n in PAPER_BALLOTS_KINDS],
        coerce=int,
        initial=1,
    )
