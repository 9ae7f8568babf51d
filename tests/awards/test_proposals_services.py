"""The secretariat's side of the proposal: creating it from the meeting, the eligibility re-check, removing an
item, the signer, submitting (TTr number, kept on resubmission), refusals, audit and notices."""

import datetime
from decimal import Decimal

import pytest

from awards.enums import AwardKind, ProposalStatus
from awards.models import Meeting, Proposal, ProposalItem
from awards.selectors.proposals import eligibility_problems
from awards.services.proposals import PROPOSAL_KIND, create_proposal, remove_item, submit_proposal, update_signer
from awards.services.review import return_proposal
from blocs.enums import BlocYearStatus
from blocs.models import BlocRule
from blocs.requirements import unmet_requirements
from core.exceptions import DomainError
from core.models import ActivityLog, Notice
from core.services import issued_document_of
from tests.awards.conftest import set_status
from tests.awards.factories import ComplianceRecordFactory
from tests.awards.proposal_setup import MINUTES_DAY, SUBMIT_DAY, decided_meeting
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")


def _signed(proposal, actor) -> Proposal:
    return update_signer(proposal, actor=actor, signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra tỉnh")


def _count():
    return Proposal.objects.count(), ProposalItem.objects.count()


# --- Creating ------------------------------------------------------------------------------------


def test_create_proposal_items_from_elected_with_rank_score_votes_and_audit(world, decided, secretariat):
    proposal = create_proposal(decided.bloc_year, actor=secretariat)

    rows = {
        (i.award, i.unit_id): (i.rank, i.total, i.votes, i.vote_percent, i.ballot.award) for i in proposal.items.all()
    }
    assert rows == {
        (AwardKind.PROVINCE_FLAG, world.head.pk): (1, Decimal("19.00"), 3, Decimal("100.00"), "province_flag"),
        (AwardKind.PROVINCE_MERIT, world.deputy.pk): (2, Decimal("18.00"), 2, Decimal("66.67"), "province_merit"),
    }
    assert (proposal.status, proposal.meeting, proposal.created_by) == (ProposalStatus.DRAFT, decided, secretariat)
    entry = ActivityLog.objects.get(action="awards.proposal.created")
    assert entry.actor == secretariat and entry.data["count"] == 2


def test_create_proposal_second_for_the_year_refused(world, proposal, secretariat):
    with pytest.raises(DomainError, match="already has its proposal"):
        create_proposal(proposal.bloc_year, actor=secretariat)

    assert _count() == (1, 2)


def test_create_proposal_minutes_not_issued_refused(world, decided, secretariat):
    Meeting.objects.filter(pk=decided.pk).update(minutes_issued_on=None)

    with pytest.raises(DomainError, match="Issue the minutes"):
        create_proposal(decided.bloc_year, actor=secretariat)

    assert _count() == (0, 0)


def test_create_proposal_year_still_scoring_refused(world, decided, secretariat):
    bloc_year = set_status(decided.bloc_year, BlocYearStatus.SCORING)

    assert_refused(lambda: create_proposal(bloc_year, actor=secretariat), state=_count, actor=secretariat)


def test_create_proposal_reviewed_year_allowed(world, decided, secretariat):
    bloc_year = set_status(decided.bloc_year, BlocYearStatus.REVIEWED)

    assert create_proposal(bloc_year, actor=secretariat).items.count() == 2


def test_create_proposal_closed_year_refused(world, decided, secretariat):
    bloc_year = close_year(decided.bloc_year)

    assert_refused(lambda: create_proposal(bloc_year, actor=secretariat), state=_count, actor=secretariat)


def test_create_proposal_two_flags_over_quota_refused(world, voting_meeting, secretariat):
    meeting = decided_meeting(world, voting_meeting, actor=secretariat, flag_elected=[world.head, world.deputy])

    with pytest.raises(DomainError, match="allow 1 proposal"):
        create_proposal(meeting.bloc_year, actor=secretariat)

    assert _count() == (0, 0)


def test_create_proposal_two_flags_within_quota_of_two_allowed(world, voting_meeting, secretariat):
    meeting = decided_meeting(world, voting_meeting, actor=secretariat, flag_elected=[world.head, world.deputy])
    BlocRule.objects.filter(bloc_year=meeting.bloc_year).update(flag_quota=2)

    proposal = create_proposal(meeting.bloc_year, actor=secretariat)

    assert proposal.items.filter(award=AwardKind.PROVINCE_FLAG).count() == 2


def test_create_proposal_nobody_elected_refused(world, voting_meeting, secretariat):
    Meeting.objects.filter(pk=voting_meeting.pk).update(minutes_issued_on=MINUTES_DAY)

    with pytest.raises(DomainError, match="elected nobody"):
        create_proposal(voting_meeting.bloc_year, actor=secretariat)

    assert _count() == (0, 0)


# --- Eligibility at the proposal date -------------------------------------------------------------


def test_eligibility_clean_item_has_no_problem(world, proposal):
    item = proposal.items.get(unit=world.deputy)

    assert eligibility_problems(item, on=SUBMIT_DAY) == []


def test_eligibility_record_in_force_on_the_day_is_a_problem(world, proposal, secretariat):
    ComplianceRecordFactory(unit=world.deputy, started_on=datetime.date(2020, 12, 24))
    item = proposal.items.get(unit=world.deputy)

    assert eligibility_problems(item, on=datetime.date(2020, 12, 23)) == []
    assert any("Art. 4(4)" in p for p in eligibility_problems(item, on=SUBMIT_DAY))


def test_eligibility_unit_merged_before_the_day_is_a_problem(world, proposal):
    type(world.deputy).objects.filter(pk=world.deputy.pk).update(status="merged", valid_to=datetime.date(2020, 12, 25))
    item = proposal.items.get(unit=world.deputy)

    assert eligibility_problems(item, on=SUBMIT_DAY) != []
    assert (
        proposal.items.get(unit=world.head)
        and eligibility_problems(proposal.items.get(unit=world.head), on=SUBMIT_DAY) == []
    )


# --- Removing, signer -----------------------------------------------------------------------------


def test_remove_item_with_reason_deletes_and_audits(world, proposal, secretariat):
    item = proposal.items.get(unit=world.deputy)

    remove_item(item, actor=secretariat, reason="  Đang bị thanh tra  ")

    assert list(proposal.items.values_list("unit_id", flat=True)) == [world.head.pk]
    entry = ActivityLog.objects.get(action="awards.proposal.item_removed")
    assert entry.data == {"award": "province_merit", "unit": world.deputy.pk, "reason": "Đang bị thanh tra"}


def test_remove_item_blank_reason_refused(world, proposal, secretariat):
    with pytest.raises(DomainError, match="reason"):
        remove_item(proposal.items.first(), actor=secretariat, reason="  ")

    assert _count() == (1, 2)


def test_remove_item_submitted_proposal_refused(world, proposal, secretariat):
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.SUBMITTED, submitted_on=SUBMIT_DAY)
    item = proposal.items.first()

    assert_refused(lambda: remove_item(item, actor=secretariat, reason="x"), state=_count, actor=secretariat)


def test_update_signer_stores_and_audits(world, proposal, secretariat):
    _signed(proposal, secretariat)

    proposal.refresh_from_db()
    assert (proposal.signer_name, proposal.signer_title) == ("Nguyễn Văn An", "Chánh Thanh tra tỉnh")
    entry = ActivityLog.objects.get(action="awards.proposal.signer")
    assert entry.data["before"] == {"name": "", "title": ""}


# --- Submitting -----------------------------------------------------------------------------------


def test_submit_proposal_numbers_ttr_01_audits_and_notifies_the_office(
    world,
    proposal,
    secretariat,
    council_officer,
    council_member,
    other_council_officer,
    django_capture_on_commit_callbacks,
):
    _signed(proposal, secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)

    issued = issued_document_of(submitted, kind=PROPOSAL_KIND)
    assert (submitted.status, submitted.number, submitted.submitted_on) == (ProposalStatus.SUBMITTED, 1, SUBMIT_DAY)
    assert issued.number_text == "01/TTr-KTĐ" and issued.signer_name == "Nguyễn Văn An"
    entry = ActivityLog.objects.get(action="awards.proposal.submitted")
    assert entry.data == {"number": "01/TTr-KTĐ", "submitted_on": "2020-12-28", "resubmitted": False}
    assert list(Notice.objects.values_list("user_id", flat=True)) == [council_officer.pk]


def test_submit_proposal_resubmitted_keeps_its_number(world, proposal, secretariat, council_officer):
    _signed(proposal, secretariat)
    submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.RETURNED, return_reason="Thiếu báo cáo")

    again = submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY + datetime.timedelta(days=5))

    assert (again.status, again.number, again.submitted_on) == (ProposalStatus.SUBMITTED, 1, datetime.date(2021, 1, 2))
    assert issued_document_of(again, kind=PROPOSAL_KIND).number_text == "01/TTr-KTĐ"
    assert (
        ActivityLog.objects.filter(action="awards.proposal.submitted").order_by("id").last().data["resubmitted"] is True
    )


def test_submit_proposal_without_signer_refused(world, proposal, secretariat):
    with pytest.raises(DomainError, match="signer"):
        submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (ProposalStatus.DRAFT, None)


def test_submit_proposal_item_with_problem_refused_until_removed(world, proposal, secretariat):
    _signed(proposal, secretariat)
    ComplianceRecordFactory(unit=world.deputy, started_on=datetime.date(2020, 12, 1))

    with pytest.raises(DomainError, match="eligibility problem"):
        submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT

    remove_item(proposal.items.get(unit=world.deputy), actor=secretariat, reason="Đang bị điều tra")
    assert submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY).status == ProposalStatus.SUBMITTED


def test_submit_proposal_no_item_refused(world, proposal, secretariat):
    _signed(proposal, secretariat)
    for item in proposal.items.all():
        remove_item(item, actor=secretariat, reason="Rút")

    with pytest.raises(DomainError, match="at least one"):
        submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)


def test_submit_proposal_flag_quota_lowered_refused(world, proposal, secretariat):
    _signed(proposal, secretariat)
    BlocRule.objects.filter(bloc_year=proposal.bloc_year).update(flag_quota=0)

    with pytest.raises(DomainError):
        submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)

    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_submit_proposal_before_the_minutes_refused(world, proposal, secretariat):
    _signed(proposal, secretariat)

    with pytest.raises(DomainError, match="before the minutes"):
        submit_proposal(proposal, actor=secretariat, submitted_on=MINUTES_DAY - datetime.timedelta(days=1))

    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_submit_proposal_received_refused(world, proposal, secretariat):
    _signed(proposal, secretariat)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.RECEIVED, submitted_on=SUBMIT_DAY)

    def state():
        return Proposal.objects.values_list("status", "number").get(pk=proposal.pk)

    call = lambda: submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)  # noqa: E731
    assert_refused(call, state=state, actor=secretariat)


def test_submit_proposal_twice_is_a_no_op(world, proposal, secretariat):
    _signed(proposal, secretariat)
    submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)

    submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY + datetime.timedelta(days=1))

    assert ActivityLog.objects.filter(action="awards.proposal.submitted").count() == 1
    assert Proposal.objects.get(pk=proposal.pk).submitted_on == SUBMIT_DAY


def test_eligibility_certificate_without_the_vote_and_no_history_is_a_problem(world, proposal):
    # The award history is not recorded yet (empty): without the bloc's vote Art. 74 has no basis.
    item = proposal.items.get(unit=world.deputy)
    ProposalItem.objects.filter(pk=item.pk).update(ballot=None)
    item.refresh_from_db()

    assert any("Art. 74" in p for p in eligibility_problems(item, on=SUBMIT_DAY))


# --- The year's move to "proposed" ---------------------------------------------------------------------


def test_requirement_proposed_waits_for_the_submitted_proposal(world, proposal, secretariat, council_officer):
    """Draft and returned dossiers are not proposals yet; a submitted one is (DOMAIN §4 step 8)."""
    waiting = "The proposal to the council office is not submitted yet."
    assert waiting in unmet_requirements(world.bloc_year, BlocYearStatus.PROPOSED)  # a draft

    _signed(proposal, secretariat)
    submitted = submit_proposal(proposal, actor=secretariat, submitted_on=SUBMIT_DAY)
    assert waiting not in unmet_requirements(world.bloc_year, BlocYearStatus.PROPOSED)

    return_proposal(submitted, actor=council_officer, reason="Thiếu báo cáo thành tích")
    assert waiting in unmet_requirements(world.bloc_year, BlocYearStatus.PROPOSED)  # returned
