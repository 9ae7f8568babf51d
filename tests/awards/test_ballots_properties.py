"""Properties of counting stored ballots: the order of the ballots in the box changes nothing."""

from hypothesis import given
from hypothesis import strategies as st

from awards.calculations import Threshold, UnitFacts, ballot_digest, choice_votes, round_result
from awards.enums import BallotForm

CANDIDATES = [11, 12, 13, 14]
RECEIPTS = st.text(alphabet="ABCDEFGHJK", min_size=11, max_size=11)
CHOOSE = st.lists(st.sampled_from(CANDIDATES), max_size=2, unique=True).map(lambda c: {"chosen": sorted(c)})
YES_NO = st.dictionaries(st.sampled_from(CANDIDATES), st.booleans()).map(
    lambda marks: {"yes": sorted(c for c, m in marks.items() if m), "no": sorted(c for c, m in marks.items() if not m)}
)


def _decided(choices, form):
    counted = choice_votes(choices, form=form, candidates=CANDIDATES, max_choices=2)
    facts = [UnitFacts(c, f"Đơn vị {c}") for c in CANDIDATES]
    members = max(len(choices), 1)
    result = round_result(
        counted["votes"], candidates=facts, quota=1, members=members, present=members, threshold=Threshold()
    )
    return counted, result


@given(st.data(), st.sampled_from([BallotForm.CHOOSE, BallotForm.YES_NO]))
def test_ballot_result_any_order_of_ballots_same_result_and_digest(data, form):
    strategy = CHOOSE if form == BallotForm.CHOOSE else YES_NO
    rows = data.draw(st.dictionaries(RECEIPTS, strategy, max_size=12).map(lambda d: list(d.items())))
    shuffled = data.draw(st.permutations(rows))

    assert _decided([c for _r, c in shuffled], form) == _decided([c for _r, c in rows], form)
    assert ballot_digest(7, shuffled) == ballot_digest(7, rows)


@given(st.lists(CHOOSE, max_size=12))
def test_ballot_tally_never_exceeds_ballots(choices):
    counted = choice_votes(choices, form=BallotForm.CHOOSE, candidates=CANDIDATES, max_choices=2)

    assert counted["ballots"] == len(choices)
    assert all(votes <= len(choices) for votes in counted["votes"].values())
    assert counted["blank"] + sum(1 for c in choices if c["chosen"]) == len(choices)
