"""The paper ballot count's consistency rules (awards.paper), one table per rule.

Source: DOMAIN §7 ("entry of a paper ballot count: ballots issued, returned, valid, per-candidate
counts") and issue 10, "Paper ballot count" (returned > issued, valid + invalid ≠ returned, votes
per candidate > valid, more choices than allowed are refused with the reason). The Bắc Ninh
regulation (QĐ 86/2025) Arts. 8(4)(a) and 9(4) require decisions "biểu quyết theo đa số" (by
majority vote) but say nothing of how a counting committee tallies paper ballots: these rules are
the arithmetic any count must satisfy before a majority can be read from it.
"""

import pytest

from awards.paper import paper_count_errors

pytestmark = pytest.mark.usefixtures("english")
CANDIDATES = ("Thanh tra tỉnh", "Sở Tư pháp", "Công an tỉnh")


def _errors(**change):
    """A consistent count of 9 ballots for 3 candidates, one choice each, with ``change`` applied."""
    count = {
        "issued": 9,
        "returned": 9,
        "valid": 8,
        "invalid": 1,
        "votes": {"Thanh tra tỉnh": 5, "Sở Tư pháp": 3, "Công an tỉnh": 0},
        "candidates": CANDIDATES,
        "max_choices": 1,
    }
    return paper_count_errors(**(count | change))


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"returned": 7, "valid": 7, "invalid": 0, "votes": {"Thanh tra tỉnh": 7}},  # two ballots not returned
        {"valid": 0, "invalid": 9, "votes": {}},  # every ballot spoilt
        {"max_choices": 2, "votes": {"Thanh tra tỉnh": 8, "Sở Tư pháp": 8, "Công an tỉnh": 0}},  # 16 = 8 × 2
        {"max_choices": 3, "votes": {"Thanh tra tỉnh": 8, "Sở Tư pháp": 8, "Công an tỉnh": 8}},  # yes/no on each
        {"issued": 0, "returned": 0, "valid": 0, "invalid": 0, "votes": {}},  # nothing counted yet
    ],
)
def test_paper_count_errors_consistent_count_accepted(change):
    """DOMAIN §7: a count whose ballots and votes add up is taken as it stands."""
    assert _errors(**change) == []


@pytest.mark.parametrize(
    ("issued", "returned", "valid", "invalid", "refused"),
    [
        (9, 9, 9, 0, False),
        (9, 8, 8, 0, False),
        (9, 10, 10, 0, True),
        (0, 1, 1, 0, True),
    ],
)
def test_paper_count_errors_returned_over_issued_refused(issued, returned, valid, invalid, refused):
    """Issue 10 "Paper ballot count": more ballots cannot come back than were handed out."""
    errors = _errors(issued=issued, returned=returned, valid=valid, invalid=invalid, votes={})

    assert any("More ballots were returned" in e for e in errors) is refused


@pytest.mark.parametrize(
    ("valid", "invalid", "refused"),
    [
        (8, 1, False),
        (9, 0, False),
        (8, 0, True),  # a ballot unaccounted for
        (9, 1, True),  # one ballot too many
        (0, 0, True),
    ],
)
def test_paper_count_errors_valid_plus_invalid_not_returned_refused(valid, invalid, refused):
    """Issue 10 "Paper ballot count": every returned ballot is either valid or invalid, once."""
    errors = _errors(valid=valid, invalid=invalid, votes={})

    assert any("must add up to the ballots returned (9)" in e for e in errors) is refused


@pytest.mark.parametrize(
    ("votes", "over"),
    [
        ({"Thanh tra tỉnh": 8}, []),
        ({"Thanh tra tỉnh": 9}, ["Thanh tra tỉnh"]),
        ({"Thanh tra tỉnh": 9, "Sở Tư pháp": 10}, ["Thanh tra tỉnh", "Sở Tư pháp"]),
    ],
)
def test_paper_count_errors_votes_over_valid_names_candidate(votes, over):
    """Issue 10 "Paper ballot count": a candidate marked on more ballots than were valid is impossible."""
    errors = _errors(votes=votes, max_choices=3)

    assert [e.split(" has more votes")[0] for e in errors if "has more votes" in e] == over


@pytest.mark.parametrize(
    ("max_choices", "votes", "refused"),
    [
        (1, {"Thanh tra tỉnh": 5, "Sở Tư pháp": 3}, False),  # 8 = 8 × 1
        (1, {"Thanh tra tỉnh": 5, "Sở Tư pháp": 4}, True),  # 9 > 8 × 1
        (2, {"Thanh tra tỉnh": 8, "Sở Tư pháp": 8}, False),  # 16 = 8 × 2
        (2, {"Thanh tra tỉnh": 8, "Sở Tư pháp": 8, "Công an tỉnh": 1}, True),  # 17 > 8 × 2
    ],
)
def test_paper_count_errors_more_choices_than_allowed_refused(max_choices, votes, refused):
    """Issue 10 "Paper ballot count": "choose up to N" ballots hold at most N marks each (N = remaining quota)."""
    errors = _errors(max_choices=max_choices, votes=votes)

    assert any("The votes add up to" in e for e in errors) is refused


def test_paper_count_errors_more_choices_message_gives_the_sums():
    errors = _errors(votes={"Thanh tra tỉnh": 5, "Sở Tư pháp": 4})

    assert errors == ["The votes add up to 9: more than 8 valid ballots can hold with at most 1 marked on each (8)."]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"issued": -1}, "ballots issued"),
        ({"returned": -1}, "ballots returned"),
        ({"valid": -1}, "valid"),
        ({"invalid": -2}, "invalid"),
        ({"votes": {"Sở Tư pháp": -3}}, "votes for Sở Tư pháp"),
    ],
)
def test_paper_count_errors_negative_count_refused_alone(change, named):
    """A count is a number of sheets of paper: never below zero; the sums are not judged until it is fixed."""
    errors = _errors(**change)

    assert len(errors) == 1 and errors[0].startswith("A count cannot be negative:") and named in errors[0]


@pytest.mark.parametrize("max_choices", [0, -1])
def test_paper_count_errors_no_choice_allowed_refused(max_choices):
    assert _errors(max_choices=max_choices) == ["A ballot must allow at least one choice."]


def test_paper_count_errors_unknown_candidate_refused_with_name():
    """Only the candidates on the printed ballot can receive votes (issue 10: the ballot lists the candidates)."""
    errors = _errors(votes={"Thanh tra tỉnh": 5, "Sở Nội vụ": 1})

    assert errors == ["Votes are given for someone who is not a candidate: Sở Nội vụ."]


def test_paper_count_errors_several_faults_all_reported():
    errors = _errors(issued=8, returned=9, valid=9, invalid=1, votes={"Thanh tra tỉnh": 10})

    assert len(errors) == 4  # returned > issued, the sum, votes > valid, more choices than allowed
