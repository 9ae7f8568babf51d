"""No password, session, receipt or ballot choice reaches a log line, whatever the level."""

import logging

import pytest
from django.conf import settings
from django.urls import reverse

from awards.models import CastBallot
from core.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.usefixtures("english")


def test_sign_in_and_a_secret_vote_leave_no_secret_in_any_log_line(
    client, caplog, world, open_merit_ballot, unit_officer
):
    voter = unit_officer
    voter.set_password("Mật-khẩu-rất-riêng-2026")
    voter.save()
    caplog.set_level(logging.DEBUG)

    client.post(reverse("login"), {"username": voter.username, "password": "sai-mật-khẩu-9876"})
    client.post(reverse("login"), {"username": voter.username, "password": "Mật-khẩu-rất-riêng-2026"})
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    chosen = world.deputy
    client.post(reverse("awards:ballot_detail", args=[open_merit_ballot.pk]), {"chosen": [chosen.pk]})

    receipt = CastBallot.objects.get(ballot=open_merit_ballot).receipt
    text = "\n".join(_formatted(caplog.records))
    assert CastBallot.objects.filter(ballot=open_merit_ballot).count() == 1  # the vote was cast
    assert text.count("thidua.request") == 3  # each request wrote its line, and the lines were captured
    for secret in ("Mật-khẩu-rất-riêng-2026", "sai-mật-khẩu-9876", session, receipt, "chosen", chosen.name):
        assert secret not in text


def _formatted(records) -> list[str]:
    formatter, stamp = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in records:
        stamp.filter(record)
        lines.append(formatter.format(record))
    return lines
