"""Withdrawing an override: the unit is left out again with its derived reason, unless a ballot listed it."""

import pytest
from django.urls import reverse

from awards.enums import AwardKind
from awards.models import CandidateOverride
from awards.selectors.meetings import candidacies, ranks_of
from awards.services.ballots import create_ballot
from awards.services.meetings import override_exclusion, withdraw_override
from core.exceptions import DomainError
from core.models import ActivityLog
from tests.refusals import assert_refused, close_year

pytestmark = pytest.mark.usefixtures("english")


def _override(meeting, unit, actor, award=AwardKind.PROVINCE_MERIT):
    return override_exclusion(meeting, actor=actor, award=award, unit=unit, reason="Đăng ký muộn do sáp nhập")


def _left_out(meeting, award=AwardKind.PROVINCE_MERIT):
    """Each unit left out of ``award`` with its reasons, the stored overrides applied (as the meeting page shows)."""
    year = meeting.bloc_year
    standing = next(c for c in candidacies(year, meeting=meeting, ranks=ranks_of(year)) if c.award.kind == award)
    return {left.unit.unit_id: list(left.reasons) for left in standing.left_out}


def _withdrawn():
    return ActivityLog.objects.filter(action="awards.meeting.override_withdrawn")


def test_withdraw_override_second_of_two_leaves_unit_out_again_and_audits(world, meeting_session, secretariat):
    meeting = meeting_session.meeting
    kept = _override(meeting, world.deputy, secretariat)
    withdrawn = _override(meeting, world.member, secretariat)
    assert set(_left_out(meeting)) == {world.head.pk}

    withdraw_override(withdrawn, actor=secretariat, reason="Nhập nhầm đơn vị")

    assert list(CandidateOverride.objects.values_list("pk", flat=True)) == [kept.pk]
    left_out = _left_out(meeting)
    assert set(left_out) == {world.head.pk, world.member.pk} and left_out[world.member.pk]
    entry = _withdrawn().get()
    assert entry.actor == secretariat
    assert entry.data == {
        "award": "province_merit",
        "unit": world.member.pk,
        "override_reason": "Đăng ký muộn do sáp nhập",
        "reason": "Nhập nhầm đơn vị",
    }


def test_withdraw_override_blank_reason_refused_nothing_changes(world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)

    with pytest.raises(DomainError, match="Say why"):
        withdraw_override(override, actor=secretariat, reason="  ")

    assert CandidateOverride.objects.filter(pk=override.pk).exists() and not _withdrawn().exists()


def test_withdraw_override_twice_refused(world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)
    withdraw_override(override, actor=secretariat, reason="Nhầm")

    with pytest.raises(DomainError, match="withdrawn already"):
        withdraw_override(override, actor=secretariat, reason="Nhầm")

    assert _withdrawn().count() == 1


def test_withdraw_override_unit_on_a_ballot_of_the_award_refused(world, meeting_session, secretariat):
    meeting = meeting_session.meeting
    override = _override(meeting, world.member, secretariat)
    create_ballot(meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, candidates=[world.member], form="yes_no")

    with pytest.raises(DomainError, match="on a ballot for this award"):
        withdraw_override(override, actor=secretariat, reason="Nhầm")

    assert CandidateOverride.objects.filter(pk=override.pk).exists() and not _withdrawn().exists()


def test_withdraw_override_ballot_lists_other_units_only_allowed(world, meeting_session, secretariat):
    meeting = meeting_session.meeting
    _override(meeting, world.deputy, secretariat)
    override = _override(meeting, world.member, secretariat)
    create_ballot(meeting, actor=secretariat, award=AwardKind.PROVINCE_MERIT, candidates=[world.deputy], form="yes_no")

    withdraw_override(override, actor=secretariat, reason="Nhầm")

    assert not CandidateOverride.objects.filter(pk=override.pk).exists()


def test_withdraw_override_closed_year_refused(world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)
    close_year(world.bloc_year)

    assert_refused(
        lambda: withdraw_override(override, actor=secretariat, reason="Nhầm"),
        state=lambda: CandidateOverride.objects.count(),
        actor=secretariat,
    )


# --- The view ----------------------------------------------------------------------------------------


def _url(override):
    return reverse("awards:override_withdraw", args=[override.pk])


def test_meeting_detail_secretariat_sees_withdraw_button(client, world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(secretariat)

    page = client.get(reverse("awards:meeting_detail", args=[world.bloc_year.pk])).content.decode()

    assert _url(override) in page and 'data-testid="override-withdraw"' in page


def test_meeting_detail_member_sees_no_withdraw_button(client, world, meeting_session, secretariat, unit_officer):
    _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(unit_officer)

    page = client.get(reverse("awards:meeting_detail", args=[world.bloc_year.pk])).content.decode()

    assert 'data-testid="override-records"' in page and 'data-testid="override-withdraw"' not in page


def test_override_withdraw_secretariat_withdraws(client, world, meeting_session, secretariat):
    _override(meeting_session.meeting, world.deputy, secretariat)
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(secretariat)

    response = client.post(_url(override), {"reason": "Nhầm"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("awards:meeting_detail", args=[world.bloc_year.pk])
    assert "withdrawn" in response.content.decode()
    assert list(CandidateOverride.objects.values_list("unit_id", flat=True)) == [world.deputy.pk]


def test_override_withdraw_blank_reason_message_nothing_changes(client, world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(secretariat)

    response = client.post(_url(override), {"reason": ""}, follow=True)

    assert response.status_code == 200 and "Say why the override is withdrawn" in response.content.decode()
    assert CandidateOverride.objects.filter(pk=override.pk).exists()


def test_override_withdraw_deputy_officer_forbidden(client, world, meeting_session, secretariat, deputy_officer):
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(deputy_officer)

    assert client.post(_url(override), {"reason": "Nhầm"}).status_code == 403
    assert CandidateOverride.objects.filter(pk=override.pk).exists()


def test_override_withdraw_outsider_404(client, world, meeting_session, secretariat, other_unit_officer):
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(other_unit_officer)

    assert client.post(_url(override), {"reason": "Nhầm"}).status_code == 404
    assert CandidateOverride.objects.filter(pk=override.pk).exists()


def test_override_withdraw_get_not_allowed(client, world, meeting_session, secretariat):
    override = _override(meeting_session.meeting, world.member, secretariat)
    client.force_login(secretariat)

    assert client.get(_url(override)).status_code == 405
