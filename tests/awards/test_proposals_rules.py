"""Who sees the proposal, creates, changes and submits it, and who runs the council office's five moves:
a truth table per permission over the personas, by the proposal's state and the year's."""

import pytest
from django.utils import timezone

from awards.enums import ProposalStatus
from awards.models import Meeting, Proposal
from blocs.enums import BlocYearStatus
from tests.awards.conftest import set_status
from tests.factories import UserFactory
from tests.personas import MEMBERS, PERSONAS, PROVINCE_SEERS, persona

KEEPERS = ("admin_user", "secretariat")
REVIEWERS = ("admin_user", "council_officer")
VIEWERS = (*PROVINCE_SEERS, *MEMBERS)
OFFICE_MOVES = {
    "awards.return_proposal": {ProposalStatus.SUBMITTED, ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED},
    "awards.receive_proposal": {ProposalStatus.SUBMITTED},
    "awards.assign_proposal": {ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED},
    "awards.appraise_proposal": {ProposalStatus.ASSIGNED},
    "awards.place_proposal": {ProposalStatus.APPRAISED},
}
STATES = [
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.RETURNED,
    ProposalStatus.RECEIVED,
    ProposalStatus.ASSIGNED,
    ProposalStatus.APPRAISED,
]


def _proposal(world, status, *, year_status=BlocYearStatus.REVIEWED) -> Proposal:
    bloc_year = set_status(world.bloc_year, year_status)
    meeting = Meeting.objects.create(bloc_year=bloc_year, minutes_issued_on=timezone.localdate())
    creator = UserFactory()
    submitted = None if status == ProposalStatus.DRAFT else timezone.localdate()
    reason = "Thiếu hồ sơ" if status == ProposalStatus.RETURNED else ""
    return Proposal.objects.create(
        bloc_year=bloc_year,
        meeting=meeting,
        status=status,
        submitted_on=submitted,
        return_reason=reason,
        created_by=creator,
    )


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("name", PERSONAS)
def test_proposal_permissions_truth_table(request, world, name, status):
    proposal = _proposal(world, status)
    user = persona(request, name)
    editable = status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)

    expected = {
        "awards.view_proposal": name in VIEWERS,
        "awards.change_proposal": editable and name in KEEPERS,
        "awards.submit_proposal": editable and name in KEEPERS,
        **{perm: status in states and name in REVIEWERS for perm, states in OFFICE_MOVES.items()},
    }
    # The administrator holds every permission (Django's superuser); the services still refuse out of turn.
    expected = {perm: allowed or name == "admin_user" for perm, allowed in expected.items()}
    assert {perm: user.has_perm(perm, proposal) for perm in expected} == expected


@pytest.mark.parametrize("name", PERSONAS)
def test_proposal_closed_year_nobody_changes_everybody_still_sees(request, world, name):
    proposal = _proposal(world, ProposalStatus.DRAFT, year_status=BlocYearStatus.CLOSED)
    user = persona(request, name)

    assert user.has_perm("awards.view_proposal", proposal) == (name in VIEWERS)
    assert user.has_perm("awards.change_proposal", proposal) is (name == "admin_user")
    assert user.has_perm("awards.submit_proposal", proposal) is (name == "admin_user")


@pytest.mark.parametrize(
    "year_status", [BlocYearStatus.SCORING, BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED]
)
@pytest.mark.parametrize("name", PERSONAS)
def test_create_proposal_truth_table(request, world, name, year_status):
    bloc_year = set_status(world.bloc_year, year_status)
    Meeting.objects.create(bloc_year=bloc_year, minutes_issued_on=timezone.localdate())
    user = persona(request, name)

    due = year_status != BlocYearStatus.SCORING
    assert user.has_perm("awards.create_proposal", bloc_year) == (name == "admin_user" or (due and name in KEEPERS))


def test_create_proposal_minutes_not_issued_or_proposal_exists_secretariat_may_not(world, secretariat):
    bloc_year = set_status(world.bloc_year, BlocYearStatus.REVIEWED)
    meeting = Meeting.objects.create(bloc_year=bloc_year)
    assert not secretariat.has_perm("awards.create_proposal", bloc_year)

    Meeting.objects.filter(pk=meeting.pk).update(minutes_issued_on=timezone.localdate())
    assert secretariat.has_perm("awards.create_proposal", bloc_year)

    Proposal.objects.create(bloc_year=bloc_year, meeting=meeting, created_by=secretariat)
    assert not secretariat.has_perm("awards.create_proposal", bloc_year)
