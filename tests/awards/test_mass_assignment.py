"""Mass assignment over the real award views: every model field name posted, only the form's fields change."""

import datetime

import pytest
from django.urls import reverse

from awards.enums import Appraisal, AwardKind, ComplianceKind, DecisionStatus, ProposalStatus, SignerRank
from awards.models import AchievementReport, AwardDecision, ComplianceRecord, Proposal
from awards.services.decisions import draft_decision
from awards.services.meetings import SESSION_FIELDS
from blocs.models import Unit
from tests.awards.conftest import SESSION
from tests.awards.factories import ComplianceRecordFactory
from tests.awards.test_decisions import at_session, held_session, vote
from tests.mass import hostile_data, post_hostile

COMPLIANCE = {"kind": ComplianceKind.COMPLAINT, "started_on": "05/03/2020", "reference": "Đơn số 3", "note": "Ghi"}
SESSION_FORM = {**SESSION, "held_on": "20/12/2020", "starts_at": "08:00", "place": "Nơi khác"}


def test_proposal_signer_every_model_field_posted_changes_only_the_signer(client, world, proposal, secretariat):
    client.force_login(secretariat)

    response = post_hostile(
        client,
        reverse("awards:proposal_signer", args=[proposal.pk]),
        {"signer_name": "Nguyễn Văn An", "signer_title": "Chánh Thanh tra tỉnh"},
        proposal,
        parents=[proposal.meeting, world.bloc_year],
        other_pk=world.other_unit.pk,
        allowed={"signer_name", "signer_title"},
    )

    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).signer_name == "Nguyễn Văn An"


def test_proposal_submit_every_model_field_posted_keeps_the_service_number(client, world, proposal, secretariat):
    Proposal.objects.filter(pk=proposal.pk).update(signer_name="Nguyễn Văn An", signer_title="Chánh Thanh tra")
    client.force_login(secretariat)

    response = post_hostile(
        client,
        reverse("awards:proposal_submit", args=[proposal.pk]),
        {"submitted_on": "28/12/2020"},
        proposal,
        parents=[proposal.meeting, world.bloc_year],
        other_pk=world.other_unit.pk,
        allowed={"status", "number", "submitted_on"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.number) == (ProposalStatus.SUBMITTED, 1)


def test_achievement_edit_every_model_field_posted_changes_only_the_body(client, world, proposal, secretariat):
    report = AchievementReport.objects.filter(proposal=proposal).order_by("id").last()
    client.force_login(secretariat)

    response = post_hostile(
        client,
        reverse("awards:achievement_report_edit", args=[report.pk]),
        {"body": "Văn bản mới."},
        report,
        parents=[proposal, report.unit],
        other_pk=world.other_unit.pk,
        allowed={"body", "edited_at"},
    )

    assert response.status_code == 302
    assert AchievementReport.objects.get(pk=report.pk).body == "Văn bản mới."


def test_session_edit_every_model_field_posted_changes_only_the_session_fields(
    client, world, meeting_session, council_officer
):
    client.force_login(council_officer)

    response = post_hostile(
        client,
        reverse("awards:session_edit", args=[meeting_session.pk]),
        SESSION_FORM,
        meeting_session,
        parents=[meeting_session.meeting, world.bloc_year],
        other_pk=world.other_unit.pk,
        allowed=set(SESSION_FIELDS),
    )

    assert response.status_code == 302


def test_compliance_add_every_model_field_posted_keeps_unit_and_recorder(client, world, secretariat):
    ComplianceRecordFactory(unit=world.other_unit)
    client.force_login(secretariat)
    data = {**hostile_data(ComplianceRecord, Unit, other_pk=world.other_unit.pk), **COMPLIANCE, "resolved_on": ""}

    response = client.post(reverse("awards:compliance_add", args=[world.member.pk]), data)

    assert response.status_code == 302
    saved = ComplianceRecord.objects.get(unit=world.member)
    assert (saved.recorded_by, saved.started_on) == (secretariat, datetime.date(2020, 3, 5))
    assert ComplianceRecord.objects.filter(unit=world.other_unit).count() == 1


def test_compliance_edit_every_model_field_posted_changes_only_the_form_fields(client, world, council_officer):
    ComplianceRecordFactory(unit=world.other_unit)
    record = ComplianceRecordFactory(unit=world.member)
    client.force_login(council_officer)

    response = post_hostile(
        client,
        reverse("awards:compliance_edit", args=[record.pk]),
        COMPLIANCE,
        record,
        parents=[world.member],
        other_pk=world.other_unit.pk,
        allowed={"kind", "started_on", "reference", "note"},
    )

    assert response.status_code == 302


@pytest.fixture
def session(world, council_officer):
    """A held council session with bloc B's dossier: the flag for H voted through."""
    session = held_session(world, actor=council_officer)
    items = [(AwardKind.PROVINCE_FLAG, world.head, Appraisal.ELIGIBLE)]
    proposal = at_session(world.bloc_year, session, actor=council_officer, items=items)
    vote(proposal.items.get(), session, passed=True, actor=council_officer)
    return session


def test_decision_issue_every_model_field_posted_keeps_province_and_service_number(
    client, world, session, council_officer
):
    decision = draft_decision(session, actor=council_officer)
    client.force_login(council_officer)
    valid = {"issued_on": "01/07/2024", "signer_rank": SignerRank.CHAIRMAN, "signer_name": "Lê Văn Chủ"}

    response = post_hostile(
        client,
        reverse("awards:decision_issue", args=[decision.pk]),
        valid,
        decision,
        parents=[session, world.province],
        other_pk=world.other_province.pk,
        allowed={"status", "number", "issued_on", "signer_name", "signer_title"},
    )

    assert response.status_code == 302
    decision = AwardDecision.objects.get(pk=decision.pk)
    assert (decision.status, decision.number, decision.province) == (DecisionStatus.ISSUED, 1, world.province)
