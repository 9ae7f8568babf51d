"""Who may do what with pledges, registrations, reports and inspections. Predicates read role facts only.

Permissions are registered here, not as ``rules_permissions`` in the models' Meta, for the reason
``blocs/rules.py`` gives: the predicates read roles through ``blocs.selectors`` and the state
machines, which import the models (a cycle), and many permissions are checked on the bloc-year.
"""

import rules

from blocs.rules import (
    is_admin,
    is_member_of_year,
    is_open_year,
    is_secretariat,
    is_verifier,
    manages_province,
    sees_province_data,
)
from blocs.selectors import roles_of
from pledges.enums import Action, BlocReportStatus
from pledges.transitions import BLOC_REPORT, REGISTRATION, REGISTRATION_EDITABLE, REPORT, REPORT_EDITABLE

# --- Reports, inspections ----------------------------------------------------
# Objects here (unit reports, bloc reports, inspections, memberships) all carry ``bloc_year``;
# report-like objects and memberships carry ``unit_id``.


@rules.predicate
def year_is_open(user, obj) -> bool:
    return is_open_year(user, obj.bloc_year)


@rules.predicate
def sees_province_of_year(user, obj) -> bool:
    return sees_province_data(user, obj.bloc_year)


@rules.predicate
def manages_province_of_year(user, obj) -> bool:
    return manages_province(user, obj.bloc_year)


@rules.predicate
def is_secretariat_of_year(user, obj) -> bool:
    return is_secretariat(user, obj.bloc_year)


@rules.predicate
def is_verifier_of_year(user, obj) -> bool:
    return is_verifier(user, obj.bloc_year)


@rules.predicate
def acts_for_own_unit(user, obj) -> bool:
    """The user acts (as officer or leader) for the unit the object belongs to."""
    return obj.unit_id in roles_of(user).unit_ids


@rules.predicate
def is_officer_of_own_unit(user, obj) -> bool:
    """The user is an emulation officer of the unit the object belongs to: they file its reports."""
    return obj.unit_id in roles_of(user).officer_unit_ids


@rules.predicate
def is_current_membership(user, membership) -> bool:
    return membership.left_on is None


@rules.predicate
def is_others_draft_report(user, report) -> bool:
    """Another unit's report never submitted: private to that unit until its first submission."""
    return report.first_submitted_at is None and report.unit_id not in roles_of(user).unit_ids


@rules.predicate
def report_is_editable(user, report) -> bool:
    return report.status in REPORT_EDITABLE


@rules.predicate
def bloc_report_is_draft(user, report) -> bool:
    return report.status == BlocReportStatus.DRAFT


@rules.predicate
def bloc_report_is_issued(user, report) -> bool:
    return report.status == BlocReportStatus.ISSUED


files_for_unit = year_is_open & is_officer_of_own_unit
decides_on_report = year_is_open & is_secretariat_of_year
compiles_bloc_report = year_is_open & is_secretariat_of_year & bloc_report_is_draft

rules.add_perm(
    "pledges.view_unitreport",
    ~is_others_draft_report & (sees_province_of_year | acts_for_own_unit | is_verifier_of_year),
)
# Every unit's reports of a year (the reports page): the council and the bloc's leaders.
rules.add_perm("pledges.view_year_reports", sees_province_data | is_verifier)
rules.add_perm("pledges.add_unitreport", files_for_unit & is_current_membership)
rules.add_perm("pledges.change_unitreport", files_for_unit & report_is_editable)
rules.add_perm("pledges.submit_unitreport", files_for_unit & REPORT.may(Action.SUBMIT))
rules.add_perm("pledges.return_unitreport", decides_on_report & REPORT.may(Action.RETURN))
rules.add_perm("pledges.accept_unitreport", decides_on_report & REPORT.may(Action.ACCEPT))
rules.add_perm(
    "pledges.view_blocreport",
    sees_province_of_year | is_verifier_of_year | (bloc_report_is_issued & is_member_of_year),
)
rules.add_perm("pledges.add_blocreport", is_open_year & is_secretariat)
rules.add_perm("pledges.change_blocreport", compiles_bloc_report)
rules.add_perm("pledges.issue_blocreport", compiles_bloc_report & BLOC_REPORT.may(Action.ISSUE))
rules.add_perm("pledges.view_inspection", sees_province_of_year | is_secretariat_of_year | is_member_of_year)
# Every unit's findings and the attachments (which cover every unit): the council and the secretariat.
rules.add_perm("pledges.view_inspection_findings", sees_province_of_year | is_secretariat_of_year)
rules.add_perm("pledges.add_inspection", is_open_year & manages_province)
rules.add_perm("pledges.change_inspection", year_is_open & manages_province_of_year)

# --- Pledge, title registration ----------------------------------------------


@rules.predicate
def registration_is_editable(user, registration) -> bool:
    return registration.status in REGISTRATION_EDITABLE


@rules.predicate
def works_in_a_council_office(user) -> bool:
    return bool(roles_of(user).office_province_ids)


leads_year = is_open_year & (manages_province | is_secretariat)
leads_year_of = year_is_open & (manages_province_of_year | is_secretariat_of_year)
acts_for_member = year_is_open & is_officer_of_own_unit & is_current_membership
unit_holds_registration = year_is_open & is_officer_of_own_unit
secretariat_decides = year_is_open & is_secretariat_of_year

rules.add_perm("pledges.add_pledge", leads_year)
rules.add_perm("pledges.record_launch_meeting", leads_year)
rules.add_perm("pledges.view_pledge", sees_province_of_year | is_member_of_year)
rules.add_perm("pledges.change_pledge", leads_year_of)
rules.add_perm("pledges.sign_pledge", acts_for_member)
rules.add_perm("pledges.add_registration", acts_for_member)
rules.add_perm("pledges.view_registration", sees_province_of_year | is_member_of_year)
rules.add_perm("pledges.change_registration", unit_holds_registration & registration_is_editable)
rules.add_perm("pledges.submit_registration", unit_holds_registration & REGISTRATION.may(Action.SUBMIT))
rules.add_perm("pledges.return_registration", secretariat_decides & REGISTRATION.may(Action.RETURN))
rules.add_perm("pledges.accept_registration", secretariat_decides & REGISTRATION.may(Action.ACCEPT))
rules.add_perm("pledges.forward_registration", secretariat_decides & REGISTRATION.may(Action.FORWARD))
rules.add_perm("pledges.forward_registrations", is_open_year & is_secretariat)
rules.add_perm("pledges.view_council_registrations", is_admin | works_in_a_council_office)
