"""Forms of the council's session: plan it, put a dossier on it, attendance, the vote on one item."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import CouncilAttendee, Proposal
from awards.services.council import Attendee
from blocs.models import Province
from core.forms import DateInput, NFCFormMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


MEMBERS_HELP = _(
    "One member a line: name, then a comma and the title. Leave all three lists empty to record counts only."
)


def _members_field(label: "StrOrPromise") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=MEMBERS_HELP
    )


class AttendanceForm(NFCFormMixin, forms.Form):
    """The counts, and who the members were (their number must match the counts)."""

    present = forms.IntegerField(label=_("Members present"), min_value=0)
    written_opinions = forms.IntegerField(label=_("Absentees' written opinions"), min_value=0)
    present_members = _members_field(_("Members present"))
    opinion_members = _members_field(_("Absent members who gave a written opinion"))
    absent_members = _members_field(_("Absent members without a written opinion"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lists = (("present_members", True, False), ("opinion_members", False, True), ("absent_members", False, False))
        members = [
            Attendee(*_name_and_title(line), present, opinion)
            for field, present, opinion in lists
            for line in data.pop(field, "").splitlines()
            if line.strip()
        ]
        return {**data, "members": members}

    @staticmethod
    def initial_of(attendees: Iterable[CouncilAttendee]) -> dict[str, str]:
        lines: dict[str, list[str]] = {"present_members": [], "opinion_members": [], "absent_members": []}
        for member in attendees:
            field = (
                "present_members"
                if member.present
                else "opinion_members"
                if member.written_opinion
                else "absent_members"
            )
            lines[field].append(f"{member.name}, {member.title}" if member.title else member.name)
        return {field: "\n".join(rows) for field, rows in lines.items()}


def _name_and_title(line: str) -> tuple[str, str]:
    name, __, title = line.partition(",")
    return name.strip(), title.strip()


class VoteForm(forms.Form):
    yes = forms.IntegerField(label=_("Yes (present members)"), min_value=0)
    no = forms.IntegerField(label=_("No (present members)"), min_value=0)
    written_yes = forms.IntegerField(label=_("Yes in absentees' written opinions"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
