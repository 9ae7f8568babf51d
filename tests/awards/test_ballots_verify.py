"""``manage.py verify_ballot`` recounts a closed ballot and names every ballot altered, added or removed."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from awards.models import CastBallot
from awards.selectors.ballots import verify_stored_ballots
from awards.services.ballots import cast_ballot, close_ballot, new_receipt, tally_ballot
from tests.awards.conftest import open_ballot_among

MUTATIONS = 240


@pytest.fixture
def closed_ballot(world, admin_user):
    """A closed "choose 1" ballot of 9 voters among three candidates (the third voter of each three chooses nobody)."""
    ballot, voters = open_ballot_among(world.bloc_year, voters=9, actor=admin_user)
    candidates = [unit.pk for _voter, unit in voters[:3]]
    for i, (voter, _unit) in enumerate(voters):
        cast_ballot(ballot, voter=voter, choice=[candidates[i % 3]] if i % 3 != 2 else [])
    return close_ballot(ballot, actor=admin_user), candidates


def _verify(ballot) -> str:
    out = StringIO()
    call_command("verify_ballot", str(ballot.pk), stdout=out)
    return out.getvalue()


def test_verify_ballot_untouched_closed_ballot_passes(closed_ballot):
    ballot, _candidates = closed_ballot

    assert f"{ballot.digest} verified" in _verify(ballot)


def test_verify_ballot_untouched_tallied_ballot_passes(closed_ballot, admin_user):
    ballot = tally_ballot(closed_ballot[0], actor=admin_user)

    assert "verified" in _verify(ballot)


def test_verify_ballot_open_ballot_reports_nothing_to_verify(world, admin_user):
    ballot, _voters = open_ballot_among(world.bloc_year, voters=3, actor=admin_user)

    with pytest.raises(CommandError, match="not closed"):
        _verify(ballot)


def test_verify_ballot_unknown_id_fails(db):
    with pytest.raises(CommandError, match="No ballot"):
        call_command("verify_ballot", "999999")


def _other_choice(rng, choice, candidates):
    options = [{"chosen": [c]} for c in candidates] + [{"chosen": []}, {"chosen": [candidates[0], candidates[1]]}]
    return rng.choice([option for option in options if option != choice])


def _mutate(rng, ballot, candidates) -> tuple[str, str]:
    """Apply one random mutation to the stored ballots; (kind, the receipt it touches)."""
    rows = list(CastBallot.objects.filter(ballot=ballot).order_by("receipt"))
    row = rng.choice(rows)
    kind = rng.choice(["alter choice", "alter receipt", "swap", "add", "remove"])
    if kind == "alter choice":
        CastBallot.objects.filter(pk=row.pk).update(choice=_other_choice(rng, row.choice, candidates))
    elif kind == "alter receipt":
        CastBallot.objects.filter(pk=row.pk).update(receipt=new_receipt())
    elif kind == "swap":
        other = rng.choice([r for r in rows if r.choice != row.choice])
        CastBallot.objects.filter(pk=row.pk).update(choice=other.choice)
        CastBallot.objects.filter(pk=other.pk).update(choice=row.choice)
    elif kind == "add":
        extra = CastBallot.objects.create(
            ballot=ballot, choice=rng.choice([{"chosen": [c]} for c in candidates]), receipt=new_receipt()
        )
        return kind, extra.receipt
    else:
        row.delete()
    return kind, row.receipt


@pytest.mark.parametrize("tallied", [False, True])
def test_verify_ballot_every_random_mutation_detected(closed_ballot, admin_user, tallied):
    ballot, candidates = closed_ballot
    if tallied:
        ballot = tally_ballot(ballot, actor=admin_user)
    rng = random.Random(20261129 + tallied)
    kinds = set()
    for _ in range(MUTATIONS // 2):
        with transaction.atomic():
            kind, receipt = _mutate(rng, ballot, candidates)
            kinds.add(kind)
            assert not verify_stored_ballots(ballot).ok, kind
            with pytest.raises(CommandError, match="FAILED") as failure:
                _verify(ballot)
            assert kind == "swap" or receipt in str(failure.value), kind
            transaction.set_rollback(True)
        assert verify_stored_ballots(ballot).ok

    assert kinds == {"alter choice", "alter receipt", "swap", "add", "remove"}


def test_verify_ballot_names_kind_of_change(closed_ballot):
    ballot, candidates = closed_ballot
    rows = list(CastBallot.objects.filter(ballot=ballot).order_by("receipt"))
    CastBallot.objects.filter(pk=rows[0].pk).update(
        choice={"chosen": [candidates[2]]} if rows[0].choice != {"chosen": [candidates[2]]} else {"chosen": []}
    )
    rows[1].delete()
    added = CastBallot.objects.create(ballot=ballot, choice={"chosen": []}, receipt="ZZZZZ-ZZZZZ")

    with pytest.raises(CommandError) as failure:
        _verify(ballot)

    message = str(failure.value)
    assert f"altered ballot: receipt {rows[0].receipt}" in message
    assert f"removed ballot: receipt {rows[1].receipt}" in message
    assert f"added ballot: receipt {added.receipt}" in message
    assert "the digest differs from the one in the audit chain" in message
