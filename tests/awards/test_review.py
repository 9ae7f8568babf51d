"""The council office's review of proposals: the lateness rule, the services, the list, the export, the views."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from awards.enums import Appraisal, AwardKind, CheckingAgency, ProposalStatus
from awards.lateness import Deadline, due_on, is_late
from awards.models import ComplianceNote, Meeting, Proposal, ProposalItem
from awards.selectors.review import ProposalFilter, province_proposals
from awards.services import review as services
from blocs.enums import BlocYearStatus, CouncilRoleKind
from blocs.models import BlocYear
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog, Notice
from tests.factories import BlocFactory, BlocYearFactory, CouncilRoleFactory, UnitFactory

# --- The lateness rule (DOMAIN §8: annual dossiers before 10/12 of the year, a province setting) ------


@pytest.mark.parametrize(
    ("submitted_on", "year", "deadline", "late"),
    [
        (datetime.date(2020, 12, 9), 2020, Deadline(10, 12), False),
        (datetime.date(2020, 12, 10), 2020, Deadline(10, 12), False),  # on the day: on time
        (datetime.date(2020, 12, 11), 2020, Deadline(10, 12), True),
        (datetime.date(2021, 1, 5), 2020, Deadline(10, 12), True),  # next year: late
        (datetime.date(2020, 11, 30), 2020, Deadline(25, 11), True),  # the province's own deadline
        (datetime.date(2020, 11, 25), 2020, Deadline(25, 11), False),
        (datetime.date(2021, 2, 28), 2021, Deadline(31, 2), False),  # 31/2 falls on the month's last day
        (datetime.date(2021, 3, 1), 2021, Deadline(31, 2), True),
        (None, 2020, Deadline(10, 12), False),  # not submitted yet
    ],
)
def test_is_late_table(submitted_on, year, deadline, late):
    assert is_late(submitted_on, year, deadline) is late


def test_due_on_leap_year_keeps_29_february():
    assert due_on(2024, Deadline(31, 2)) == datetime.date(2024, 2, 29)


# --- Arrangement -------------------------------------------------------------------------------------


def make_proposal(
    bloc_year,
    *,
    actor,
    status=ProposalStatus.SUBMITTED,
    submitted_on=datetime.date(2020, 12, 5),
    units=(),
    award=AwardKind.PROVINCE_MERIT,
    **fields,
):
    """A proposal arranged directly (the secretariat's services are another area's), with one item per unit."""
    meeting = Meeting.objects.create(bloc_year=bloc_year)
    proposal = Proposal.objects.create(
        bloc_year=bloc_year, meeting=meeting, status=status, submitted_on=submitted_on, created_by=actor, **fields
    )
    for unit in units:
        ProposalItem.objects.create(proposal=proposal, award=award, unit=unit)
    return proposal


@pytest.fixture
def proposal(world, secretariat):
    """Bloc B's year-Y dossier, submitted on time, proposing the head and the deputy."""
    return make_proposal(world.bloc_year, actor=secretariat, units=(world.head, world.deputy))


@pytest.fixture
def other_proposal(world, secretariat):
    """Bloc B2's year-Y dossier, submitted late."""
    return make_proposal(
        world.other_bloc_year, actor=secretariat, units=(world.other_unit,), submitted_on=datetime.date(2020, 12, 20)
    )


def _assigned(proposal, actor, officer):
    services.receive_proposal(proposal, actor=actor)
    return services.assign_proposal(proposal, actor=actor, officer=officer)


def _codes(proposal):
    return list(
        ActivityLog.objects.filter(object_id=proposal.pk, action__startswith="awards.proposal.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Services ----------------------------------------------------------------------------------------


def test_receive_submitted_received_and_audited(proposal, council_officer):
    services.receive_proposal(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED
    entry = ActivityLog.objects.get(action="awards.proposal.received", object_id=proposal.pk)
    assert entry.actor == council_officer and entry.data["late"] is False


def test_receive_late_dossier_audit_says_late(other_proposal, council_officer):
    services.receive_proposal(other_proposal, actor=council_officer)

    assert ActivityLog.objects.get(action="awards.proposal.received").data["late"] is True


def test_receive_twice_no_op(proposal, council_officer):
    services.receive_proposal(proposal, actor=council_officer)
    services.receive_proposal(proposal, actor=council_officer)

    assert _codes(proposal) == ["awards.proposal.received"]


def test_receive_assigned_refused_nothing_changes(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)

    with pytest.raises(RefusedTransition):
        services.receive_proposal(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED


def test_review_closed_year_refused_nothing_changes(proposal, council_officer):
    BlocYear.objects.filter(pk=proposal.bloc_year_id).update(status=BlocYearStatus.CLOSED)

    with pytest.raises(DomainError):
        services.receive_proposal(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and _codes(proposal) == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_without_reason_refused_nothing_changes(proposal, council_officer, reason):
    with pytest.raises(DomainError):
        services.return_proposal(proposal, actor=council_officer, reason=reason)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.return_reason == ""


def test_return_with_reason_returned_audited_secretariat_notified(
    proposal, council_officer, secretariat, unit_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposal(proposal, actor=council_officer, reason="Thiếu biên bản kiểm phiếu")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.return_reason) == (ProposalStatus.RETURNED, "Thiếu biên bản kiểm phiếu")
    entry = ActivityLog.objects.get(action="awards.proposal.returned")
    assert entry.data["reason"] == "Thiếu biên bản kiểm phiếu"
    assert Notice.objects.filter(user=secretariat, text__contains="Thiếu biên bản kiểm phiếu").count() == 1
    assert not Notice.objects.filter(user=unit_officer).exists()


def test_return_appraised_refused(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    for item in proposal.items.all():
        services.appraise_item(item, actor=council_officer, eligible=True)
    services.finish_appraisal(proposal, actor=council_officer)

    with pytest.raises(RefusedTransition):
        services.return_proposal(proposal, actor=council_officer, reason="Muộn")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPRAISED


def test_assign_office_officer_assigned(proposal, council_officer):
    colleague = CouncilRoleFactory(province=proposal.bloc_year.bloc.province, role=CouncilRoleKind.OFFICE_OFFICER).user

    _assigned(proposal, council_officer, colleague)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.assigned_to) == (ProposalStatus.ASSIGNED, colleague)
    assert ActivityLog.objects.get(action="awards.proposal.assigned").data["officer"] == colleague.pk


@pytest.mark.parametrize("who", ["council_member", "other_council_officer", "secretariat", "outsider"])
def test_assign_non_office_user_refused_nothing_changes(request, proposal, council_officer, who):
    services.receive_proposal(proposal, actor=council_officer)

    with pytest.raises(DomainError):
        services.assign_proposal(proposal, actor=council_officer, officer=request.getfixturevalue(who))

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED and proposal.assigned_to is None


def test_assign_submitted_not_received_refused(proposal, council_officer):
    with pytest.raises(RefusedTransition):
        services.assign_proposal(proposal, actor=council_officer, officer=council_officer)


def test_appraise_ineligible_without_reason_refused_nothing_changes(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    item = proposal.items.order_by("pk")[1]

    with pytest.raises(DomainError):
        services.appraise_item(item, actor=council_officer, eligible=False, reason=" ")

    item.refresh_from_db()
    assert item.appraisal == Appraisal.PENDING


def test_appraise_ineligible_with_reason_recorded(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    item = proposal.items.order_by("pk")[1]

    services.appraise_item(item, actor=council_officer, eligible=False, reason="Đang bị thanh tra")

    item.refresh_from_db()
    assert (item.appraisal, item.appraisal_reason, item.appraised_by) == (
        Appraisal.INELIGIBLE,
        "Đang bị thanh tra",
        council_officer,
    )
    entry = ActivityLog.objects.get(action="awards.proposal.item_appraised")
    assert (entry.object_id, entry.data["item"], entry.data["reason"]) == (proposal.pk, item.pk, "Đang bị thanh tra")


def test_appraise_before_assignment_refused(proposal, council_officer):
    services.receive_proposal(proposal, actor=council_officer)
    item = proposal.items.first()

    with pytest.raises(RefusedTransition):
        services.appraise_item(item, actor=council_officer, eligible=True)

    item.refresh_from_db()
    assert item.appraisal == Appraisal.PENDING


def test_compliance_note_recorded_on_item(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    first, second = proposal.items.order_by("pk")

    services.add_compliance_note(
        second, actor=council_officer, agency=CheckingAgency.TAX, reference="123/CT-TTHT", note="Không nợ thuế"
    )

    assert list(ComplianceNote.objects.values_list("item_id", "agency", "reference")) == [
        (second.pk, CheckingAgency.TAX, "123/CT-TTHT")
    ]
    assert ActivityLog.objects.get(action="awards.proposal.compliance_note").data["reference"] == "123/CT-TTHT"


@pytest.mark.parametrize(
    ("agency", "reference", "note"),
    [("mafia", "1/CV", "x"), (CheckingAgency.POLICE, " ", "x"), (CheckingAgency.POLICE, "1", "")],
)
def test_compliance_note_bad_input_refused_nothing_stored(proposal, council_officer, agency, reference, note):
    _assigned(proposal, council_officer, council_officer)

    with pytest.raises(DomainError):
        services.add_compliance_note(
            proposal.items.first(), actor=council_officer, agency=agency, reference=reference, note=note
        )

    assert not ComplianceNote.objects.exists()


def test_finish_appraisal_item_pending_refused_names_count(proposal, council_officer, english):
    _assigned(proposal, council_officer, council_officer)
    services.appraise_item(proposal.items.first(), actor=council_officer, eligible=True)

    with pytest.raises(DomainError, match="1 proposed awards are not appraised"):
        services.finish_appraisal(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED


def test_finish_appraisal_every_item_appraised_then_placed(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    first, second = proposal.items.order_by("pk")
    services.appraise_item(first, actor=council_officer, eligible=True)
    services.appraise_item(second, actor=council_officer, eligible=False, reason="Chưa đủ 2 năm")

    services.finish_appraisal(proposal, actor=council_officer)
    services.place_on_session(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AT_SESSION
    data = ActivityLog.objects.get(action="awards.proposal.appraised").data
    assert (data["eligible"], data["ineligible"]) == (1, 1)
    assert _codes(proposal)[-2:] == ["awards.proposal.appraised", "awards.proposal.placed"]


def test_place_nothing_eligible_refused(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    for item in proposal.items.all():
        services.appraise_item(item, actor=council_officer, eligible=False, reason="Không đạt")
    services.finish_appraisal(proposal, actor=council_officer)

    with pytest.raises(DomainError):
        services.place_on_session(proposal, actor=council_officer)

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPRAISED


def test_place_before_appraisal_refused(proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)

    with pytest.raises(RefusedTransition):
        services.place_on_session(proposal, actor=council_officer)
