"""Secrecy by design (DOMAIN §7): nothing stored or logged during a vote links a voter to a choice, and
after closing no stored order follows the order in which the units voted."""

import logging

from django.db import connection

from awards.models import CastBallot, Participation
from awards.services.ballots import cast_ballot, close_ballot
from core.models import ActivityLog, User
from tests.awards.conftest import open_ballot_among

VOTERS = 12  # 12! orders: a shuffled order equals the casting order by chance once in 479 million


def _physical_order(ballot) -> list[str]:
    """The receipts in the order the database stores the rows (SQLite's rowid, PostgreSQL's ctid)."""
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    table = CastBallot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt FROM {table} WHERE ballot_id = %s ORDER BY {column}", [ballot.pk])
        return [row[0] for row in cursor.fetchall()]


def _cast_all(ballot, voters) -> list[str]:
    """Each voter in turn chooses one of the three candidates (or nobody); the receipts in casting order."""
    candidates = [unit.pk for _voter, unit in voters[:3]]
    choices = [[candidates[i % 3]] if i % 4 else [] for i in range(len(voters))]
    return [
        cast_ballot(ballot, voter=voter, choice=choice) for (voter, _unit), choice in zip(voters, choices, strict=True)
    ]


def test_tables_no_column_can_hold_voter_with_choice_or_time():
    cast_fields = {f.name: f for f in CastBallot._meta.get_fields()}
    participation_fields = {f.name: f for f in Participation._meta.get_fields()}

    assert not any(getattr(f, "related_model", None) is User for f in cast_fields.values())
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField", "TimeField") for f in cast_fields.values())
    assert cast_fields["id"].get_internal_type() == "UUIDField"
    assert set(participation_fields) == {"id", "ballot", "voter", "unit"}


def test_cast_ballot_no_audit_entry_or_log_record_holds_voter_and_choice(world, admin_user, caplog, settings):
    ballot, voters = open_ballot_among(world.bloc_year, voters=VOTERS, actor=admin_user)
    logged = ActivityLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    settings.DEBUG = True  # Django then logs every SQL statement with its parameters
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")

    _cast_all(ballot, voters)

    entries = list(ActivityLog.objects.filter(id__gt=logged).order_by("id"))
    assert [(e.action, e.actor_id, e.data) for e in entries] == [
        ("awards.ballot.participated", voter.pk, {"unit": unit.pk}) for voter, unit in voters
    ]
    messages = [record.getMessage() for record in caplog.records]
    assert any("awards_participation" in m for m in messages)  # the capture sees the SQL
    assert not any("chosen" in m for m in messages)  # no choice in any log record, sealed or not


def test_close_ballot_no_stored_or_physical_order_follows_participation_order(world, admin_user):
    ballot, voters = open_ballot_among(world.bloc_year, voters=VOTERS, actor=admin_user)
    receipts = _cast_all(ballot, voters)
    participation_order = list(
        Participation.objects.filter(ballot=ballot).order_by("id").values_list("unit_id", flat=True)
    )
    assert participation_order == [unit.pk for _voter, unit in voters]
    assert _physical_order(ballot) == receipts  # while open the rows lie in casting order (sealed)

    close_ballot(ballot, actor=admin_user)

    rows = CastBallot.objects.filter(ballot=ballot)
    orders = {
        "physical": _physical_order(ballot),
        "id": list(rows.order_by("id").values_list("receipt", flat=True)),
        "receipt": list(rows.order_by("receipt").values_list("receipt", flat=True)),
    }
    assert all(sorted(order) == sorted(receipts) for order in orders.values())
    assert {name: order for name, order in orders.items() if order in (receipts, receipts[::-1])} == {}
