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
from tests.factories import BlocFactory, BlocYearFactory, CouncilRoleFactory

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
    _first, second = proposal.items.order_by("pk")

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


# --- The list, its filters and the export --------------------------------------------------------------


def _listed(user, **filters):
    return [p.pk for p in province_proposals(user, ProposalFilter(**filters))]


def test_list_filters_each_leaves_the_other_out(world, proposal, other_proposal, council_officer, secretariat):
    make_proposal(
        BlocYearFactory(bloc=BlocFactory(province=world.province), year=2020),
        actor=secretariat,
        status=ProposalStatus.DRAFT,
        submitted_on=None,
    )
    services.receive_proposal(proposal, actor=council_officer)
    ProposalItem.objects.create(proposal=other_proposal, award=AwardKind.PROVINCE_FLAG, unit=world.other_unit)

    assert set(_listed(council_officer)) == {proposal.pk, other_proposal.pk}  # the draft is the bloc's own
    assert _listed(council_officer, bloc_id=world.bloc.pk) == [proposal.pk]
    assert _listed(council_officer, status=ProposalStatus.RECEIVED) == [proposal.pk]
    assert _listed(council_officer, award=AwardKind.PROVINCE_FLAG) == [other_proposal.pk]
    assert _listed(council_officer, late=True) == [other_proposal.pk]
    assert _listed(council_officer, late=False) == [proposal.pk]
    assert _listed(council_officer, year=2021) == []


def test_list_other_province_office_sees_nothing(proposal, other_council_officer):
    assert _listed(other_council_officer) == []


def test_export_rows_filtered_formula_as_text(client, world, proposal, other_proposal, council_officer):
    Proposal.objects.filter(pk=other_proposal.pk).update(status=ProposalStatus.RETURNED, return_reason="=HYPERLINK(1)")
    client.force_login(council_officer)

    response = client.get(reverse("awards:proposal_export"), {"late": "yes"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][2] == world.other_bloc_year.bloc.name and rows[1][4] == "20/12/2020"
    assert rows[1][8] == "=HYPERLINK(1)" and sheet.cell(2, 9).data_type == "s"


# --- Views -----------------------------------------------------------------------------------------------


def test_list_page_council_officer_sees_rows_outsider_403(client, proposal, council_officer, outsider):
    client.force_login(council_officer)
    assert client.get(reverse("awards:proposal_list")).content.count(b'data-testid="proposal-row"') == 1
    client.force_login(outsider)
    assert client.get(reverse("awards:proposal_list")).status_code == 403


def test_receive_view_office_receives_other_province_404(
    client, proposal, other_proposal, council_officer, other_council_officer
):
    client.force_login(other_council_officer)
    assert client.post(reverse("awards:proposal_receive", args=[other_proposal.pk])).status_code == 404
    client.force_login(council_officer)

    response = client.post(reverse("awards:proposal_receive", args=[other_proposal.pk]))

    assert response.status_code == 302
    other_proposal.refresh_from_db()
    assert other_proposal.status == ProposalStatus.RECEIVED


def test_finish_view_wrong_state_403_nothing_changes(client, proposal, other_proposal, council_officer):
    client.force_login(council_officer)

    assert client.post(reverse("awards:proposal_finish_appraisal", args=[other_proposal.pk])).status_code == 403
    other_proposal.refresh_from_db()
    assert other_proposal.status == ProposalStatus.SUBMITTED


def test_return_view_empty_reason_400_nothing_changes(client, proposal, other_proposal, council_officer):
    client.force_login(council_officer)

    response = client.post(reverse("awards:proposal_return", args=[other_proposal.pk]), {"reason": ""})

    assert response.status_code == 400
    other_proposal.refresh_from_db()
    assert other_proposal.status == ProposalStatus.SUBMITTED


def test_appraise_view_ineligible_saved(client, proposal, council_officer):
    _assigned(proposal, council_officer, council_officer)
    item = proposal.items.order_by("pk")[1]
    client.force_login(council_officer)

    prefix = f"item-{item.pk}"
    data = {f"{prefix}-finding": "ineligible", f"{prefix}-reason": "Đang có khiếu nại"}
    response = client.post(reverse("awards:item_appraise", args=[item.pk]), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.appraisal, item.appraisal_reason) == (Appraisal.INELIGIBLE, "Đang có khiếu nại")


def test_review_page_shows_section(client, proposal, council_officer):
    """The council office reviews on the proposal's own page: its section lists every item."""
    _assigned(proposal, council_officer, council_officer)
    client.force_login(council_officer)

    response = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    assert response.status_code == 200 and response.content.count(b'data-testid="review-item"') == 2


def test_review_page_assign_form_shows_the_officer_in_charge(client, world, proposal, council_officer):
    """Once assigned, the assign form names the officer in charge instead of a blank choice."""
    CouncilRoleFactory(province=world.province, role=CouncilRoleKind.OFFICE_OFFICER)  # another officer, listed too
    second = CouncilRoleFactory(province=world.province, role=CouncilRoleKind.OFFICE_OFFICER).user
    _assigned(proposal, council_officer, second)
    client.force_login(council_officer)

    response = client.get(reverse("awards:proposal_detail", args=[proposal.pk]))

    form = response.context["review"]["assign_form"]
    assert form["officer"].value() == second.pk
    assert f'<option value="{second.pk}" selected>' in response.content.decode()


def test_review_section_names_an_old_return_reason_as_earlier_once_resubmitted(
    client, proposal, other_proposal, council_officer, english
):
    services.return_proposal(other_proposal, actor=council_officer, reason="Thiếu biên bản kiểm phiếu")
    client.force_login(council_officer)

    returned = client.get(reverse("awards:proposal_detail", args=[other_proposal.pk])).content.decode()
    Proposal.objects.filter(pk=other_proposal.pk).update(status=ProposalStatus.RECEIVED)  # resubmitted, received
    received = client.get(reverse("awards:proposal_detail", args=[other_proposal.pk])).content.decode()

    assert "Reason for return: Thiếu biên bản kiểm phiếu" in returned
    assert "Returned earlier, for this reason: Thiếu biên bản kiểm phiếu" in received
    assert "Reason for return:" not in received
