"""Who votes: one representative per member unit present (default), or every current member unit when the
bloc's rules say so (BlocRule.ballot_voters). The threshold's "present" count stays those present."""

import pytest
from django.urls import reverse

from awards import rules as award_rules
from awards.enums import BallotStatus
from awards.models import Participation
from awards.selectors.ballots import present_unit_ids, voting_unit_ids
from awards.services.ballots import cast_ballot, close_ballot, open_ballot, tally_ballot
from blocs.enums import BallotVoters, VoteDenominator
from blocs.models import BlocRule, BlocYear
from blocs.services import create_bloc_year
from core.exceptions import DomainError, RefusedTransition

pytestmark = pytest.mark.usefixtures("english")


def _let_all_vote(bloc_year):
    BlocRule.objects.filter(bloc_year=bloc_year).update(ballot_voters=BallotVoters.ALL_MEMBERS)


def _absent(meeting, unit):
    meeting.sessions.get().attendances.filter(unit=unit).update(present=False, representative_name="")


def test_voting_unit_ids_present_rule_leaves_absent_unit_out(voting_meeting, world):
    _absent(voting_meeting, world.member)

    assert voting_unit_ids(voting_meeting) == {world.head.pk, world.deputy.pk}


def test_voting_unit_ids_all_members_rule_counts_absent_and_unrecorded_members(voting_meeting, world, fellow_officer):
    """M is recorded absent, F joined after the attendance was taken: both vote; only those present count present."""
    _absent(voting_meeting, world.member)
    fellow = fellow_officer.unit_roles.get().unit
    _let_all_vote(world.bloc_year)
    voting_meeting.bloc_year.refresh_from_db()

    assert voting_unit_ids(voting_meeting) == {world.head.pk, world.deputy.pk, world.member.pk, fellow.pk}
    assert present_unit_ids(voting_meeting) == {world.head.pk, world.deputy.pk}


def test_cast_ballot_absent_unit_under_all_members_rule_votes(open_merit_ballot, world, unit_officer):
    _absent(open_merit_ballot.meeting, world.member)
    _let_all_vote(world.bloc_year)

    cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])

    assert Participation.objects.get().unit == world.member


def test_cast_ballot_absent_unit_under_present_rule_refused(open_merit_ballot, world, unit_officer):
    _absent(open_merit_ballot.meeting, world.member)

    with pytest.raises(RefusedTransition, match="present at the meeting"):
        cast_ballot(open_merit_ballot, voter=unit_officer, choice=[world.head.pk])

    assert not Participation.objects.exists()


def test_cast_ballot_all_members_rule_still_refuses_non_member(open_merit_ballot, world, other_unit_officer):
    _let_all_vote(world.bloc_year)

    with pytest.raises(RefusedTransition):
        cast_ballot(open_merit_ballot, voter=other_unit_officer, choice=[world.head.pk])

    assert not Participation.objects.exists()


@pytest.mark.parametrize(("voters", "expected"), [(BallotVoters.PRESENT, False), (BallotVoters.ALL_MEMBERS, True)])
def test_votes_here_absent_unit_follows_the_rule(open_merit_ballot, world, unit_officer, voters, expected):
    _absent(open_merit_ballot.meeting, world.member)
    BlocRule.objects.filter(bloc_year=world.bloc_year).update(ballot_voters=voters)
    open_merit_ballot.meeting.bloc_year.refresh_from_db()

    assert award_rules.votes_here.test(unit_officer, open_merit_ballot) is expected


def test_open_ballot_nobody_present_under_all_members_rule_opens(draft_ballot, world, secretariat):
    for unit in (world.head, world.deputy, world.member):
        _absent(draft_ballot.meeting, unit)
    _let_all_vote(world.bloc_year)

    ballot = open_ballot(draft_ballot, actor=secretariat)

    assert ballot.status == BallotStatus.OPEN


def test_open_ballot_nobody_present_under_present_rule_refused(draft_ballot, world, secretariat):
    for unit in (world.head, world.deputy, world.member):
        _absent(draft_ballot.meeting, unit)

    with pytest.raises(DomainError, match="Record who is present"):
        open_ballot(draft_ballot, actor=secretariat)


def test_tally_ballot_all_members_rule_counts_present_apart(
    open_merit_ballot, world, secretariat, deputy_officer, unit_officer
):
    """M is absent but votes: three ballots, two units present, counted against the three members."""
    _absent(open_merit_ballot.meeting, world.member)
    _let_all_vote(world.bloc_year)
    for voter in (secretariat, deputy_officer, unit_officer):
        cast_ballot(open_merit_ballot, voter=voter, choice=[world.head.pk])
    close_ballot(open_merit_ballot, actor=secretariat)

    ballot = tally_ballot(open_merit_ballot, actor=secretariat)

    assert (ballot.result["ballots"], ballot.result["members"], ballot.result["present"]) == (3, 3, 2)
    assert ballot.result["elected"] == [world.head.pk]


def test_create_bloc_year_carries_ballot_voters_over(world, admin_user):
    _let_all_vote(world.bloc_year)

    later = create_bloc_year(world.bloc, actor=admin_user, year=world.bloc_year.year + 1)

    assert later.rule.ballot_voters == BallotVoters.ALL_MEMBERS
    assert BlocYear.objects.get(pk=world.bloc_year.pk).rule.ballot_voters == BallotVoters.ALL_MEMBERS


def _rule_data(**change):
    return {
        "flag_quota": 1,
        "vote_threshold_percent": "50",
        "vote_threshold_strict": "on",
        "vote_denominator": VoteDenominator.ALL_MEMBERS,
        "ballot_voters": BallotVoters.ALL_MEMBERS,
        "highest_score_first": "on",
        "registration_deadline": "31/03/2020",
        "six_month_report_deadline": "15/07/2020",
        "annual_report_deadline": "30/11/2020",
        "self_scoring_deadline": "30/11/2020",
        "dossier_deadline": "10/12/2020",
    } | change


def test_bloc_rule_edit_sets_ballot_voters(client, world, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("blocs:bloc_rule_edit", args=[world.bloc_year.pk]), _rule_data())

    assert response.status_code == 302
    world.bloc_year.rule.refresh_from_db()
    assert world.bloc_year.rule.ballot_voters == BallotVoters.ALL_MEMBERS


def test_bloc_rule_edit_all_voters_counted_against_present_refused(client, world, secretariat):
    client.force_login(secretariat)

    response = client.post(
        reverse("blocs:bloc_rule_edit", args=[world.bloc_year.pk]),
        _rule_data(vote_denominator=VoteDenominator.PRESENT),
    )

    assert response.status_code == 400
    assert "vote_denominator" in response.context["form"].errors
    world.bloc_year.rule.refresh_from_db()
    assert world.bloc_year.rule.ballot_voters == BallotVoters.PRESENT
