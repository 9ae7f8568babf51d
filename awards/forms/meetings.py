"""Forms of the year-end meeting."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, LeadershipMethod
from awards.forms import TEXTAREA
from awards.models import Attendance, Guest, MeetingSession
from awards.services.meetings import SESSION_FIELDS, AttendanceRow
from blocs.models import Unit
from core.forms import DateInput, NFCFormMixin

# --- The year-end meeting ------------------------------------------------------------------------


class SessionForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = MeetingSession
        fields = SESSION_FIELDS
        widgets = {"held_on": DateInput(), "starts_at": forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M")}


NAME_LABEL = _("Representative's name")
TITLE_LABEL = _("Representative's title")


class AttendanceForm(NFCFormMixin, forms.Form):
    """One row per current member unit: present (with its representative's name and title) or absent."""

    def __init__(self, *args: Any, members: list[tuple[int, str, Attendance | None]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for unit_id, name, recorded in members:
            self.fields[f"present_{unit_id}"] = forms.BooleanField(label=name, required=False)
            self.fields[f"name_{unit_id}"] = forms.CharField(label=NAME_LABEL, max_length=150, required=False)
            self.fields[f"title_{unit_id}"] = forms.CharField(label=TITLE_LABEL, max_length=200, required=False)
            if recorded is not None:
                self.initial.update(
                    {
                        f"present_{unit_id}": recorded.present,
                        f"name_{unit_id}": recorded.representative_name,
                        f"title_{unit_id}": recorded.representative_title,
                    }
                )

    def table(self) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField]]:
        """(unit name, present box, name field, title field) per member unit, for the template's table."""
        return [
            (name, self[f"present_{unit_id}"], self[f"name_{unit_id}"], self[f"title_{unit_id}"])
            for unit_id, name, _recorded in self.members
        ]

    def rows(self) -> list[AttendanceRow]:
        data = self.cleaned_data
        return [
            AttendanceRow(unit_id, data[f"present_{unit_id}"], data[f"name_{unit_id}"], data[f"title_{unit_id}"])
            for unit_id, _name, _recorded in self.members
        ]


class GuestForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Guest
        fields = ["name", "title", "organisation"]


class LeadingUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Leading unit (agreed)"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class OverrideForm(NFCFormMixin, forms.Form):
    award = forms.ChoiceField(label=_("Award"), choices=AwardKind.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Why the unit stands despite the rules: the reason goes into the minutes and the audit log."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class NextLeadershipForm(forms.Form):
    """Next year's head and deputies, among the year's current members, and how the meeting chose them."""

    head = forms.ModelChoiceField(label=_("Head unit next year"), queryset=Unit.objects.none())
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputy units next year"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label=_("Chosen by"), choices=LeadershipMethod.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = units  # type: ignore[attr-defined]
        self.fields["deputies"].queryset = units  # type: ignore[attr-defined]
