"""What is due from which unit, for the daily reminders."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from blocs.deadlines import OwedItem, owed_items
from blocs.enums import BlocYearStatus, UnitStatus
from blocs.models import BlocYear, Membership
from pledges.calculations import reminder_stage
from pledges.enums import RegistrationStatus, ReminderItem, ReminderStage, ReportKind, ReportStatus
from pledges.models import Registration, UnitReport

# An overdue item gets one reminder; past this many days it is left to the people, not the mailer.
OVERDUE_WINDOW_DAYS = 30
# The items pledges owns; other apps' items (the self-score sheet) come from ``blocs.deadlines``.
DEADLINE_OF = {
    ReminderItem.REGISTRATION: "registration_deadline",
    ReminderItem.SIX_MONTH_REPORT: "six_month_report_deadline",
    ReminderItem.ANNUAL_REPORT: "annual_report_deadline",
}
REPORT_KIND_OF = {ReminderItem.SIX_MONTH_REPORT: ReportKind.SIX_MONTH, ReminderItem.ANNUAL_REPORT: ReportKind.ANNUAL}
REPORT_DONE = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
REGISTRATION_DONE = [RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED, RegistrationStatus.FORWARDED]


@dataclass(frozen=True)
class DueItem:
    bloc_year: BlocYear
    membership: Membership
    item: ReminderItem
    due: datetime.date
    stage: ReminderStage

    @property
    def url(self) -> str:
        if self.item == ReminderItem.REGISTRATION:
            return reverse("pledges:commitments", args=[self.bloc_year.pk])
        if self.item in REPORT_KIND_OF:
            return reverse("pledges:report_year", args=[self.bloc_year.pk])
        return reverse(_owed_by_others()[self.item].url_name, args=[self.bloc_year.pk])


def due_items(today: datetime.date) -> list[DueItem]:
    """Every (unit, item) whose deadline is 7 days or 1 day away, or recently passed, and that
    the unit has not submitted yet (a returned item is back in the unit's hands, so it counts)."""
    items = []
    deadlines = {**DEADLINE_OF, **{item: owed.deadline_field for item, owed in _owed_by_others().items()}}
    for bloc_year in _open_years():
        for item, field in deadlines.items():
            due = getattr(bloc_year.rule, field)
            stage = reminder_stage(due, today)
            if stage is None or (today - due).days > OVERDUE_WINDOW_DAYS:
                continue
            done = _units_done(bloc_year, item)
            items += [
                DueItem(bloc_year, membership, item, due, stage)
                for membership in _current_members(bloc_year)
                if membership.unit_id not in done
            ]
    return items


# Where ``_open_years`` puts each year's active current members (a prefetch the model does not declare).
CURRENT_MEMBERS = "current_members"


def _open_years() -> QuerySet[BlocYear]:
    members = Membership.objects.filter(left_on__isnull=True, unit__status=UnitStatus.ACTIVE).select_related("unit")
    return (
        BlocYear.objects.exclude(status=BlocYearStatus.CLOSED)
        .filter(rule__isnull=False)
        .select_related("bloc", "rule")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr=CURRENT_MEMBERS))
    )


def _current_members(bloc_year: BlocYear) -> list[Membership]:
    """The year's active current members, as ``_open_years`` prefetched them."""
    members: list[Membership] = getattr(bloc_year, CURRENT_MEMBERS)
    return members


def _owed_by_others() -> dict[ReminderItem, OwedItem]:
    return {ReminderItem(owed.item): owed for owed in owed_items()}


def _units_done(bloc_year: BlocYear, item: ReminderItem) -> set[int]:
    owed = _owed_by_others().get(item)
    if owed is not None:
        return owed.units_done(bloc_year, {membership.unit_id for membership in _current_members(bloc_year)})
    if item == ReminderItem.REGISTRATION:
        registrations = Registration.objects.filter(bloc_year=bloc_year, status__in=REGISTRATION_DONE)
        return set(registrations.values_list("unit_id", flat=True))
    reports = UnitReport.objects.filter(bloc_year=bloc_year, kind=REPORT_KIND_OF[item], status__in=REPORT_DONE)
    return set(reports.values_list("unit_id", flat=True))
