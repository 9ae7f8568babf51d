"""Pure rules of the year-end meeting: candidates, overrides, the vote threshold, rounds, tallies.

Sources: DOMAIN §3 (Circular 15/2025), §6 (eligibility, Decree 152/2025 Art. 4(4) and 4(6)),
§7 (the bloc's threshold and its denominator, a tie → a new round); QĐ 86/2025 Bắc Ninh Art. 3(1).
"""

import dataclasses
import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.calculations import (
    Award,
    BlocRules,
    Candidacy,
    Override,
    Rule,
    Standing,
    Threshold,
    UnitFacts,
    apply_overrides,
    derive_candidates,
    passes_threshold,
    proposal_errors,
    round_result,
    tally_choices,
    tally_yes_no,
    vote_percent,
)
from blocs.enums import VoteDenominator
from core.exceptions import DomainError

FLAG = Award("provincial_flag", "the provincial flag", is_flag=True)
GOVERNMENT_FLAG = Award("government_flag", "the Government flag", is_flag=True)
MERIT = Award("provincial_merit", "the certificate of merit", is_flag=False)
EVERY_TITLE = frozenset({FLAG.kind, GOVERNMENT_FLAG.kind, MERIT.kind})
ALL, PRESENT = VoteDenominator.ALL_MEMBERS, VoteDenominator.PRESENT


def unit(unit_id, rank=1, **facts):
    """An active member registered for every title, ranked ``rank``, with no blocking record."""
    return UnitFacts(unit_id, f"Unit {unit_id}", registered=EVERY_TITLE, rank=rank, **facts)


def ids(units):
    return [u.unit_id for u in units]


# --- Candidates --------------------------------------------------------------------


def test_derive_candidates_eligible_top_ranked_unit_stands():
    """An active, registered, top-ranked member without a record stands for the flag (DOMAIN §6)."""
    candidacy = derive_candidates([unit(1, final_score=Decimal("95.5"))], award=FLAG, rules=BlocRules())

    assert ids(candidacy.candidates) == [1]
    assert candidacy.left_out == ()
    assert candidacy.quota == 1


@pytest.mark.parametrize(
    ("facts", "rule", "cites"),
    [
        ({"standing": Standing.LEFT}, Rule.NOT_MEMBER, "QĐ 86/2025, Art. 3(1)(a)"),
        ({"standing": Standing.GONE}, Rule.NOT_MEMBER, "QĐ 86/2025, Art. 3(1)(a)"),
        ({"gone_by_decision_date": True}, Rule.GONE_BY_DECISION, "Circular 15/2025/TT-BNV"),
        ({"registered": frozenset({MERIT.kind})}, Rule.NOT_REGISTERED, "did not register for the provincial flag"),
        ({"rank": 2}, Rule.NOT_TOP_RANKED, "is ranked 2"),
        ({"rank": None}, Rule.NOT_TOP_RANKED, "has no final rank"),
        ({"has_blocking_record": True}, Rule.BLOCKING_RECORD, "Decree 152/2025/NĐ-CP, Art. 4(4)"),
    ],
)
def test_derive_candidates_failing_rule_leaves_unit_out_with_reason(english, facts, rule, cites):
    """Each rule of DOMAIN §6 with its source: membership (QĐ 86/2025 Art. 3(1)(a)), the decision
    date (Circular 15/2025), registration (DOMAIN §4 step 2), highest score first (bloc rules),
    compliance records (Decree 152/2025 Art. 4(4))."""
    facts = {"registered": EVERY_TITLE, "rank": 1, **facts}
    failing = UnitFacts(2, "Sở Tư pháp", **facts)

    candidacy = derive_candidates([unit(1), failing], award=FLAG, rules=BlocRules())

    assert ids(candidacy.candidates) == [1]
    [left_out] = candidacy.left_out
    assert left_out.unit == failing
    assert left_out.rules == (rule,)
    assert left_out.reasons[0].startswith("Sở Tư pháp ")
    assert cites in left_out.reasons[0]


def test_derive_candidates_unit_failing_several_rules_names_each(english):
    """A unit left out gets a written reason for every rule it fails, not only the first (issue 10)."""
    failing = UnitFacts(2, "Unit 2", standing=Standing.LEFT, rank=3, has_blocking_record=True)

    [left_out] = derive_candidates([failing], award=FLAG, rules=BlocRules()).left_out

    assert left_out.rules == (Rule.NOT_MEMBER, Rule.NOT_REGISTERED, Rule.NOT_TOP_RANKED, Rule.BLOCKING_RECORD)
    assert len(left_out.reasons) == 4
    assert not left_out.overridable


def test_derive_candidates_tie_at_the_top_sends_every_tied_unit_to_the_ballot():
    """Ranks 1, 1, 3 with "highest score first": both units ranked first stand; the ballot decides (DOMAIN §6, §7)."""
    units = [unit(1, rank=1), unit(2, rank=1), unit(3, rank=3)]

    candidacy = derive_candidates(units, award=FLAG, rules=BlocRules(highest_score_first=True, flag_quota=1))

    assert ids(candidacy.candidates) == [1, 2]
    assert [item.rules for item in candidacy.left_out] == [(Rule.NOT_TOP_RANKED,)]


def test_derive_candidates_quota_two_lets_units_ranked_within_it_stand():
    """Quota 2 and ranks 1, 2, 2, 4: the units ranked within the quota stand, the tie included (DOMAIN §6)."""
    units = [unit(1, rank=1), unit(2, rank=2), unit(3, rank=2), unit(4, rank=4)]

    candidacy = derive_candidates(units, award=FLAG, rules=BlocRules(flag_quota=2))

    assert ids(candidacy.candidates) == [1, 2, 3]
    assert candidacy.quota == 2


def test_derive_candidates_highest_score_first_off_lets_every_rank_stand():
    """Without the bloc's "highest score first" setting the rank does not decide (DOMAIN §6, a setting)."""
    units = [unit(1, rank=1), unit(2, rank=5), unit(3, rank=None)]

    candidacy = derive_candidates(units, award=FLAG, rules=BlocRules(highest_score_first=False))

    assert ids(candidacy.candidates) == [1, 2, 3]


def test_derive_candidates_quota_does_not_limit_who_stands():
    """The quota bounds the proposals, not the candidates: the ballot chooses among them (issue 10)."""
    units = [unit(i, rank=i) for i in range(1, 6)]

    candidacy = derive_candidates(units, award=FLAG, rules=BlocRules(highest_score_first=False, flag_quota=1))

    assert len(candidacy.candidates) == 5
    assert candidacy.quota == 1


def test_derive_candidates_government_flag_follows_the_flag_rules():
    """The Government flag is chosen from the bloc leaders (Law 06/2022 Art. 25 per DOMAIN §6)."""
    candidacy = derive_candidates([unit(1, rank=1), unit(2, rank=2)], award=GOVERNMENT_FLAG, rules=BlocRules())

    assert ids(candidacy.candidates) == [1]
    assert candidacy.quota == 1


def test_derive_candidates_certificate_ignores_rank_and_has_no_quota():
    """Certificates of merit go to runner-ups (DOMAIN §6, Bắc Kạn 2022): no rank rule, no flag quota."""
    units = [unit(1, rank=1), unit(2, rank=2), unit(3, rank=None)]

    candidacy = derive_candidates(units, award=MERIT, rules=BlocRules())

    assert ids(candidacy.candidates) == [1, 2, 3]
    assert candidacy.quota is None


@pytest.mark.parametrize(
    ("facts", "award"),
    [
        ({"standing": Standing.GONE}, MERIT),
        ({"gone_by_decision_date": True}, MERIT),
        ({"registered": frozenset({FLAG.kind})}, MERIT),
        ({"has_blocking_record": True}, MERIT),
    ],
)
def test_derive_candidates_certificate_keeps_the_legal_and_registration_rules(facts, award):
    """The membership, decision-date, registration and compliance rules hold for every award (DOMAIN §3, §6)."""
    candidacy = derive_candidates([dataclasses.replace(unit(1), **facts)], award=award, rules=BlocRules())

    assert candidacy.candidates == ()
    assert len(candidacy.left_out) == 1


def test_derive_candidates_quota_zero_leaves_every_unit_out(english):
    """A flag quota of 0 in the bloc's rules proposes no flag (DOMAIN §6: the quota is a setting)."""
    candidacy = derive_candidates([unit(1), unit(2)], award=FLAG, rules=BlocRules(flag_quota=0))

    assert candidacy.candidates == ()
    assert {item.rules for item in candidacy.left_out} == {(Rule.NO_QUOTA,)}
    assert "flag quota to 0" in candidacy.left_out[0].reasons[0]


def test_derive_candidates_negative_quota_is_refused():
    with pytest.raises(ValueError, match="negative"):
        derive_candidates([unit(1)], award=FLAG, rules=BlocRules(flag_quota=-1))


# --- Overrides -----------------------------------------------------------------------


def left_out_second():
    return derive_candidates([unit(1, rank=1), unit(2, rank=2)], award=FLAG, rules=BlocRules())


def test_apply_overrides_with_reason_lets_the_unit_stand_and_notes_why(english):
    """The secretariat lifts a derived exclusion only with a written reason, kept for the minutes (issue 10)."""
    decomposed = unicodedata.normalize("NFD", "  Hiệp thương: đơn vị dẫn đầu phong trào  ")

    candidacy = apply_overrides(left_out_second(), [Override(2, decomposed)])

    assert ids(candidacy.candidates) == [1, 2]
    assert candidacy.left_out == ()
    [note] = candidacy.overrides
    assert note.unit.unit_id == 2
    assert note.reason == "Hiệp thương: đơn vị dẫn đầu phong trào"
    assert "is ranked 2" in note.lifted[0]


def test_apply_overrides_without_overrides_changes_nothing():
    candidacy = left_out_second()

    assert apply_overrides(candidacy, []) == candidacy


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_apply_overrides_blank_reason_is_refused(english, reason):
    """No override without a written reason (issue 10: the reason goes into the minutes and the audit log)."""
    candidacy = left_out_second()

    with pytest.raises(DomainError, match="Write the reason for letting Unit 2 stand"):
        apply_overrides(candidacy, [Override(2, reason)])
    assert ids(candidacy.candidates) == [1]


@pytest.mark.parametrize(
    "facts",
    [
        {"standing": Standing.LEFT},
        {"gone_by_decision_date": True},
        {"has_blocking_record": True},
    ],
)
def test_apply_overrides_legal_bar_is_refused(english, facts):
    """The law's bars cannot be overridden: QĐ 86/2025 Art. 3(1)(a), Circular 15/2025, Decree 152/2025 Art. 4(4)."""
    candidacy = derive_candidates([unit(1), dataclasses.replace(unit(2), **facts)], award=FLAG, rules=BlocRules())

    with pytest.raises(DomainError, match="an override cannot change that"):
        apply_overrides(candidacy, [Override(2, "The meeting agreed.")])


def test_apply_overrides_quota_zero_is_refused(english):
    """An override cannot exceed the bloc's flag quota (DOMAIN §6)."""
    candidacy = derive_candidates([unit(1)], award=FLAG, rules=BlocRules(flag_quota=0))

    with pytest.raises(DomainError, match="an override cannot change that"):
        apply_overrides(candidacy, [Override(1, "The meeting agreed.")])


@pytest.mark.parametrize("unit_id", [1, 99])
def test_apply_overrides_unit_not_left_out_is_refused(english, unit_id):
    with pytest.raises(DomainError, match="Only a unit left out by the rules"):
        apply_overrides(left_out_second(), [Override(unit_id, "Agreed.")])


def test_apply_overrides_same_unit_twice_is_refused(english):
    with pytest.raises(DomainError, match="Unit 2 is named in two overrides"):
        apply_overrides(left_out_second(), [Override(2, "Agreed."), Override(2, "Agreed again.")])


def test_apply_overrides_not_registered_can_be_lifted():
    """Registration is practice (DOMAIN §4 step 2), not a legal bar: an override may lift it with a reason."""
    candidacy = derive_candidates([dataclasses.replace(unit(1), registered=frozenset())], award=FLAG, rules=BlocRules())

    assert ids(apply_overrides(candidacy, [Override(1, "Registered on paper in March.")]).candidates) == [1]


@pytest.mark.parametrize(
    ("proposed", "errors"),
    [
        ({1}, []),
        (set(), []),
        ({1, 2}, ["The bloc's rules allow at most 1 proposals for the provincial flag."]),
        ({3}, ["Only candidates can be proposed."]),
    ],
)
def test_proposal_errors_quota_bounds_the_proposals(english, proposed, errors):
    """The flag quota from the bloc's rules (default 1) bounds how many can be proposed (DOMAIN §6)."""
    candidacy = derive_candidates([unit(1), unit(2), unit(3, rank=3)], award=FLAG, rules=BlocRules())

    assert proposal_errors(proposed, candidacy=candidacy) == errors


def test_proposal_errors_certificate_has_no_quota():
    candidacy = Candidacy(MERIT, (unit(1), unit(2), unit(3)), (), None)

    assert proposal_errors({1, 2, 3}, candidacy=candidacy) == []


# --- Threshold --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "members", "present", "denominator", "percent", "strict", "passes"),
    [
        (5, 9, 9, ALL, 50, True, True),  # 55.6 % > 50 %
        (4, 8, 8, ALL, 50, True, False),  # exactly 50 % is not "more than"
        (4, 8, 8, ALL, 50, False, True),  # exactly 50 % is "at least"
        (3, 8, 8, ALL, 50, False, False),
        (4, 9, 7, PRESENT, 50, True, True),  # 4 of 7 present
        (4, 9, 7, ALL, 50, True, False),  # 4 of 9 members
        (4, 9, 8, PRESENT, 50, True, False),  # 4 of 8 present: exactly half
        (4, 9, 8, PRESENT, 50, False, True),
        (8, 10, 10, ALL, 80, False, True),  # the council's "at least 80 %" shape (Decree 98 Art. 30.7)
        (8, 10, 10, ALL, 80, True, False),
        (6, 9, 9, ALL, Decimal("66.67"), False, False),  # 600 < 600.03: no rounding of the share
        (6, 9, 9, ALL, Decimal("66.66"), False, True),
        (9, 9, 9, ALL, 100, False, True),
        (9, 9, 9, ALL, 100, True, False),
        (0, 9, 0, PRESENT, 50, False, False),  # nobody present passes nobody
    ],
)
def test_passes_threshold_table(votes, members, present, denominator, percent, strict, passes):
    """The bloc's threshold: percent, "more than" or "at least", of all members or of those present
    (DOMAIN §7; default more than 50 % of all members)."""
    result = passes_threshold(
        votes, members=members, present=present, denominator=denominator, percent=percent, strict=strict
    )

    assert result is passes


def test_passes_threshold_default_is_more_than_half_of_all_members():
    """DOMAIN §7: default more than 50 % of all member units."""
    assert passes_threshold(5, members=9, present=6) is True
    assert passes_threshold(4, members=9, present=6) is False
    assert passes_threshold(5, members=10, present=10) is False


@pytest.mark.parametrize(
    ("votes", "members", "present", "denominator", "message"),
    [
        (10, 9, 9, ALL, "10 votes cannot be counted against 9 voters"),
        (8, 9, 7, PRESENT, "8 votes cannot be counted against 7 voters"),
        (-1, 9, 9, ALL, "-1 votes cannot be counted"),
        (1, 9, 10, ALL, "between 0 and the member units"),
        (0, 0, 0, ALL, "between 0 and the member units"),
        (1, 9, -1, ALL, "between 0 and the member units"),
    ],
)
def test_passes_threshold_inconsistent_counts_are_refused(english, votes, members, present, denominator, message):
    with pytest.raises(DomainError, match=message):
        passes_threshold(votes, members=members, present=present, denominator=denominator)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ({"percent": 0}, ValueError),
        ({"percent": Decimal("100.01")}, ValueError),
        ({"percent": 50.0}, TypeError),
        ({"percent": True}, TypeError),
        ({"denominator": "quorum"}, ValueError),
    ],
)
def test_passes_threshold_bad_settings_are_refused(bad, error):
    with pytest.raises(error):
        passes_threshold(5, members=9, present=9, **bad)


@given(
    data=st.data(),
    members=st.integers(min_value=1, max_value=40),
    percent=st.decimals(min_value=Decimal("0.01"), max_value=100, places=2),
    strict=st.booleans(),
    present_base=st.booleans(),
)
def test_passes_threshold_matches_exact_fraction(data, members, percent, strict, present_base):
    """Decimal arithmetic equals the exact rational comparison votes / base against percent / 100 (DOMAIN §7)."""
    present = data.draw(st.integers(min_value=1, max_value=members))
    base = present if present_base else members
    votes = data.draw(st.integers(min_value=0, max_value=base))
    share, needed = Fraction(votes, base), Fraction(percent) / 100
    denominator = PRESENT if present_base else ALL

    result = passes_threshold(
        votes, members=members, present=present, denominator=denominator, percent=percent, strict=strict
    )

    assert result is (share > needed if strict else share >= needed)


@pytest.mark.parametrize(
    ("votes", "base", "percent"), [(2, 3, "66.67"), (1, 3, "33.33"), (1, 800, "0.13"), (9, 9, "100.00"), (0, 0, "0")]
)
def test_vote_percent_rounds_half_up_to_two_places(votes, base, percent):
    """The minutes print votes and % per candidate (DOMAIN §7)."""
    assert vote_percent(votes, base=base) == Decimal(percent)


# --- Rounds -------------------------------------------------------------------------------

NINE = {"members": 9, "present": 9, "threshold": Threshold()}


def test_round_result_clear_winner_is_elected():
    """More than 50 % of all members elects; quota 1 (DOMAIN §6, §7)."""
    result = round_result({1: 7, 2: 2}, candidates=[unit(1), unit(2)], quota=1, **NINE)

    assert result.elected == (1,)
    assert result.passing == (1,)
    assert not result.needs_new_round
    assert result.notes == ()


def test_round_result_nobody_reaching_threshold_calls_a_new_round_among_the_same_candidates(english):
    """Nobody reaching the threshold → a new round (DOMAIN §7, issue 10)."""
    candidates = [unit(1), unit(2), unit(3)]

    result = round_result({1: 4, 2: 3, 3: 2}, candidates=candidates, quota=1, **NINE)

    assert result.elected == ()
    assert result.next_round == (1, 2, 3)
    assert result.notes == ("Nobody reached the threshold: a new round among the same candidates.",)


def test_round_result_missing_votes_count_as_zero():
    result = round_result({1: 6}, candidates=[unit(1), unit(2)], quota=1, **NINE)

    assert result.votes == {1: 6, 2: 0}
    assert result.elected == (1,)


@pytest.mark.parametrize(
    "shares",
    [(None, None), (Decimal(10), Decimal(20)), (Decimal(70), Decimal(90))],
)
def test_round_result_tie_deciding_the_quota_calls_a_new_round_among_the_tied(english, shares):
    """A tie that decides the quota → a new round limited to the tied (DOMAIN §7); the women's-share
    preference (Decree 152/2025 Art. 4(6)) cannot decide when nobody or everybody qualifies."""
    candidates = [unit(1, women_share=shares[0]), unit(2, women_share=shares[1]), unit(3)]

    result = round_result(
        {1: 5, 2: 5, 3: 1}, candidates=candidates, quota=1, members=10, present=10, threshold=Threshold(strict=False)
    )

    assert result.elected == ()
    assert result.next_round == (1, 2)
    assert result.preferred == ()
    assert "A tie between Unit 1, Unit 2" in result.notes[0]


def test_round_result_tie_below_the_quota_needs_no_new_round():
    """A tie that does not decide the quota changes nothing (DOMAIN §7: only a deciding tie → a new round)."""
    result = round_result({1: 5, 2: 5}, candidates=[unit(1), unit(2)], quota=2, **NINE)

    assert result.elected == (1, 2)
    assert not result.needs_new_round


def test_round_result_women_share_preference_decides_a_tie(english):
    """Between equal candidates a collective with ≥ 70 % women is preferred, and the result says so
    (Decree 152/2025 Art. 4(6), DOMAIN §6)."""
    candidates = [unit(1, women_share=Decimal("62.5")), unit(2, women_share=Decimal(70))]

    result = round_result({1: 6, 2: 6}, candidates=candidates, quota=1, **NINE)

    assert result.elected == (2,)
    assert result.preferred == (2,)
    assert not result.needs_new_round
    assert "Unit 2 (70 % women)" in result.notes[0]
    assert "Decree 152/2025/NĐ-CP, Art. 4(6)" in result.notes[0]


def test_round_result_unknown_women_share_cannot_decide(english):
    """The share must be known for the preference to decide (Decree 152/2025 Art. 4(6)): unknown → new round."""
    candidates = [unit(1, women_share=Decimal(80)), unit(2, women_share=None)]

    result = round_result({1: 6, 2: 6}, candidates=candidates, quota=1, **NINE)

    assert result.elected == ()
    assert result.next_round == (1, 2)
    assert "the women's share of Unit 2 is unknown" in result.notes[0]


def test_round_result_preferred_more_than_places_go_to_a_new_round_alone(english):
    """Several preferred collectives still tied for fewer places: a new round among them (Decree 152 Art. 4(6), DOMAIN §7)."""
    candidates = [unit(1, women_share=Decimal(80)), unit(2, women_share=Decimal(75)), unit(3, women_share=Decimal(10))]

    result = round_result(
        {1: 6, 2: 6, 3: 6}, candidates=candidates, quota=1, members=9, present=9, threshold=Threshold()
    )

    assert result.elected == ()
    assert result.next_round == (1, 2)
    assert result.preferred == (1, 2)
    assert len(result.notes) == 2


def test_round_result_preference_fills_some_places_and_the_rest_go_to_a_new_round(english):
    """Quota 3: one clear winner, one preferred collective, and a new round for the last place
    between the remaining tied (Decree 152 Art. 4(6); DOMAIN §7)."""
    candidates = [
        unit(1, women_share=Decimal(80)),
        unit(2, women_share=Decimal(10)),
        unit(3, women_share=Decimal(20)),
        unit(4),
    ]

    result = round_result({1: 6, 2: 6, 3: 6, 4: 8}, candidates=candidates, quota=3, **NINE)

    assert result.elected == (4, 1)
    assert result.next_round == (2, 3)
    assert result.preferred == (1,)
    assert "A tie between Unit 2, Unit 3 for the remaining places" in result.notes[1]


def test_round_result_quota_two_above_the_tie_is_elected():
    """Quota 2 with 7, 6, 6: the first is elected, the tie for the second place goes to a new round (DOMAIN §7)."""
    result = round_result({1: 7, 2: 6, 3: 6}, candidates=[unit(1), unit(2), unit(3)], quota=2, **NINE)

    assert result.elected == (1,)
    assert result.next_round == (2, 3)


def test_round_result_fewer_passing_than_the_quota_elects_them_without_a_new_round():
    """The quota is an upper bound: fewer elected than the quota needs no new round (DOMAIN §6)."""
    result = round_result({1: 6, 2: 3}, candidates=[unit(1), unit(2)], quota=2, **NINE)

    assert result.elected == (1,)
    assert not result.needs_new_round


def test_round_result_no_quota_elects_everyone_passing():
    """Certificates of merit: every candidate above the threshold is proposed (DOMAIN §6: no quota)."""
    result = round_result({1: 6, 2: 9, 3: 4}, candidates=[unit(1), unit(2), unit(3)], quota=None, **NINE)

    assert result.elected == (2, 1)


def test_round_result_present_denominator_counts_against_those_present():
    """With the "present" denominator 4 of 7 present passes where 4 of 9 members would not (DOMAIN §7)."""
    threshold = Threshold(denominator=PRESENT)

    result = round_result(
        {1: 4, 2: 3}, candidates=[unit(1), unit(2)], quota=1, members=9, present=7, threshold=threshold
    )

    assert result.elected == (1,)


def test_round_result_votes_for_a_non_candidate_are_refused(english):
    with pytest.raises(DomainError, match="not a candidate in this round"):
        round_result({1: 5, 7: 1}, candidates=[unit(1)], quota=1, **NINE)


def test_round_result_quota_zero_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        round_result({1: 5}, candidates=[unit(1)], quota=0, **NINE)


SHARES = st.none() | st.decimals(min_value=0, max_value=100, places=1)


@given(
    votes=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6),
    shares=st.lists(SHARES, min_size=6, max_size=6),
    quota=st.none() | st.integers(min_value=1, max_value=3),
    strict=st.booleans(),
)
def test_round_result_elects_within_quota_and_never_twice(votes, shares, quota, strict):
    """Whatever the votes: the elected passed the threshold, fit the quota, and none is also in the new round."""
    candidates = [unit(i, women_share=shares[i]) for i in range(len(votes))]

    result = round_result(
        dict(enumerate(votes)),
        candidates=candidates,
        quota=quota,
        members=9,
        present=9,
        threshold=Threshold(strict=strict),
    )

    assert set(result.elected) <= set(result.passing)
    assert quota is None or len(result.elected) <= quota
    assert not set(result.elected) & set(result.next_round)
    assert set(result.preferred) <= set(result.elected) | set(result.next_round)
    assert result.needs_new_round or quota is None or len(result.elected) == min(quota, len(result.passing))


# --- Tallies -------------------------------------------------------------------------------


def test_tally_yes_no_counts_marks_and_skips_unmarked():
    """A yes/no ballot per candidate (issue 10); a candidate left unmarked counts neither way."""
    ballots = [{1: True, 2: False}, {1: True}, {1: False, 2: False}]

    tally = tally_yes_no(ballots, candidates=[1, 2])

    assert tally.ballots == 3
    assert tally.results[1].yes == 2 and tally.results[1].no == 1
    assert tally.results[2].yes == 0 and tally.results[2].no == 2
    assert tally.yes_votes == {1: 2, 2: 0}


def test_tally_yes_no_no_ballots_counts_zero():
    tally = tally_yes_no([], candidates=[1])

    assert tally.ballots == 0
    assert tally.yes_votes == {1: 0}


def test_tally_yes_no_unknown_candidate_is_refused(english):
    with pytest.raises(DomainError, match="Ballot 2 names a unit that is not a candidate"):
        tally_yes_no([{1: True}, {3: True}], candidates=[1, 2])


def test_tally_choices_counts_votes_and_blank_ballots():
    """ "Choose up to N" among the candidates, N = the remaining quota (issue 10)."""
    ballots = [[1, 2], [2], [], [3, 1]]

    tally = tally_choices(ballots, candidates=[1, 2, 3], max_choices=2)

    assert tally.ballots == 4
    assert tally.votes == {1: 2, 2: 2, 3: 1}
    assert tally.blank == 1


@pytest.mark.parametrize(
    ("ballot", "message"),
    [
        ([1, 2, 3], "Ballot 2 chooses 3 candidates; at most 2 are allowed"),
        ([1, 1], "Ballot 2 chooses the same candidate twice"),
        ([4], "Ballot 2 names a unit that is not a candidate"),
    ],
)
def test_tally_choices_bad_ballot_is_refused(english, ballot, message):
    """A ballot with more choices than allowed or unknown candidates is refused (issue 10)."""
    with pytest.raises(DomainError, match=message):
        tally_choices([[1], ballot], candidates=[1, 2, 3], max_choices=2)


def test_tally_choices_zero_allowed_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        tally_choices([], candidates=[1], max_choices=0)


CANDIDATES = [1, 2, 3, 4]
YES_NO_BALLOTS = st.lists(st.dictionaries(st.sampled_from(CANDIDATES), st.booleans()), max_size=30)
CHOICE_BALLOTS = st.lists(st.lists(st.sampled_from(CANDIDATES), max_size=2, unique=True), max_size=30)


@given(ballots=YES_NO_BALLOTS)
def test_tally_yes_no_never_exceeds_the_voters(ballots):
    """A tally never exceeds the number of voters (issue 10, Done when)."""
    tally = tally_yes_no(ballots, candidates=CANDIDATES)

    assert tally.ballots == len(ballots)
    assert all(r.yes + r.no <= len(ballots) for r in tally.results.values())


@given(ballots=CHOICE_BALLOTS)
def test_tally_choices_never_exceeds_the_voters(ballots):
    """A tally never exceeds the number of voters, nor N choices per voter (issue 10, Done when)."""
    tally = tally_choices(ballots, candidates=CANDIDATES, max_choices=2)

    assert all(votes <= len(ballots) for votes in tally.votes.values())
    assert sum(tally.votes.values()) <= 2 * len(ballots)
    assert tally.blank <= len(ballots)


@given(data=st.data(), ballots=YES_NO_BALLOTS)
def test_tally_yes_no_is_independent_of_ballot_order(data, ballots):
    """The result is independent of ballot order (issue 10, Done when): secrecy reorders the ballots."""
    shuffled = data.draw(st.permutations(ballots))

    assert tally_yes_no(shuffled, candidates=CANDIDATES) == tally_yes_no(ballots, candidates=CANDIDATES)


@given(data=st.data(), ballots=CHOICE_BALLOTS, quota=st.integers(min_value=1, max_value=2))
def test_tally_and_round_are_independent_of_ballot_order(data, ballots, quota):
    """Tally and round result are independent of ballot order (issue 10, Done when)."""
    shuffled = data.draw(st.permutations(ballots))
    candidates = [unit(i) for i in CANDIDATES]

    def outcome(order):
        tally = tally_choices(order, candidates=CANDIDATES, max_choices=2)
        return tally, round_result(
            tally.votes, candidates=candidates, quota=quota, members=30, present=30, threshold=Threshold()
        )

    assert outcome(shuffled) == outcome(ballots)
