"""The Chairman's award decision: drafting from a held council session, issuing (QĐ-UBND number, money by the
decision date), revoking with reason and basis, each unit's award history across renames and mergers, the
Art. 74 history fed to the proposal check, the pages, the PDF and the dashboard."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from awards.dashboard import decision_sections
from awards.documents.decision import decision_pdf
from awards.enums import Appraisal, AwardKind, CouncilSessionStatus, DecisionStatus, ProposalStatus, SignerRank
from awards.models import AwardDecision, CouncilSession, CouncilVote, DecisionItem, Meeting, Proposal, ProposalItem
from awards.selectors import proposals as proposal_selectors
from awards.selectors.decisions import award_history, awards_by_bloc_and_year, merit_history, year_totals
from awards.services import decisions as services
from blocs.enums import BlocYearStatus, SuccessionKind
from blocs.models import BlocYear, UnitSuccession
from blocs.services import rename_unit
from core.exceptions import DomainError, RefusedTransition
from core.models import ActivityLog
from tests.factories import BlocFactory, BlocYearFactory, UnitFactory
from tests.pdf import pdf_fonts, pdf_text

pytestmark = pytest.mark.usefixtures("english")  # messages are asserted in the source language

D = datetime.date
HELD_ON = D(2021, 1, 15)
ISSUED_ON = D(2024, 7, 1)  # 8.0 × 2,340,000 for the provincial flag (Decree 73/2024's base salary)


# --- Arrangement (the session and its votes are another helper's services: arranged with the ORM) ---------


def at_session(bloc_year, session, *, actor, items):
    """A dossier at the council session; ``items`` = (award, unit, appraisal) triples."""
    meeting = Meeting.objects.create(bloc_year=bloc_year)
    proposal = Proposal.objects.create(
        bloc_year=bloc_year,
        meeting=meeting,
        status=ProposalStatus.AT_SESSION,
        submitted_on=D(2020, 12, 5),
        council_session=session,
        created_by=actor,
    )
    for award, unit, appraisal in items:
        reason = "" if appraisal == Appraisal.ELIGIBLE else "Đang bị thanh tra"
        ProposalItem.objects.create(
            proposal=proposal, award=award, unit=unit, appraisal=appraisal, appraisal_reason=reason
        )
    return proposal


def held_session(world, *, actor, held_on=HELD_ON, status=CouncilSessionStatus.HELD):
    return CouncilSession.objects.create(
        province=world.province,
        held_on=held_on,
        place="Hội trường UBND tỉnh",
        chair_name="Nguyễn Văn Chủ",
        chair_title="Chủ tịch Hội đồng",
        members_total=10,
        present=9,
        status=status,
        created_by=actor,
    )


def vote(item, session, *, passed, actor):
    return CouncilVote.objects.create(
        session=session,
        item=item,
        yes=9 if passed else 5,
        no=0 if passed else 4,
        passed=passed,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )


@pytest.fixture
def session(world, council_officer):
    """A held session with two dossiers: bloc B (flag for H passed; merit for D eligible, needs no vote; merit
    for M found ineligible) and bloc B2 (flag for O, vote failed: the whole dossier is rejected)."""
    session = held_session(world, actor=council_officer)
    mine = at_session(
        world.bloc_year,
        session,
        actor=council_officer,
        items=[
            (AwardKind.PROVINCE_FLAG, world.head, Appraisal.ELIGIBLE),
            (AwardKind.PROVINCE_MERIT, world.deputy, Appraisal.ELIGIBLE),
            (AwardKind.PROVINCE_MERIT, world.member, Appraisal.INELIGIBLE),
        ],
    )
    other = at_session(
        world.other_bloc_year,
        session,
        actor=council_officer,
        items=[(AwardKind.PROVINCE_FLAG, world.other_unit, Appraisal.ELIGIBLE)],
    )
    vote(mine.items.get(unit=world.head), session, passed=True, actor=council_officer)
    vote(other.items.get(), session, passed=False, actor=council_officer)
    return session


def issue(decision, actor, issued_on=ISSUED_ON, rank=SignerRank.VICE_CHAIRMAN):
    return services.issue_decision(
        decision, actor=actor, issued_on=issued_on, signer_rank=rank, signer_name="Trần Văn Ký"
    )


@pytest.fixture
def issued(session, council_officer):
    return issue(services.draft_decision(session, actor=council_officer), council_officer)


# --- Drafting ---------------------------------------------------------------------------------------------


def test_draft_decision_approves_passed_votes_and_eligible_unvoted_rejects_others(world, session, council_officer):
    decision = services.draft_decision(session, actor=council_officer)

    rows = {(i.unit_id, i.award): (i.approved, i.year, i.bloc_id) for i in decision.items.all()}
    assert rows == {
        (world.head.pk, "province_flag"): (True, 2020, world.bloc.pk),
        (world.deputy.pk, "province_merit"): (True, 2020, world.bloc.pk),
        (world.member.pk, "province_merit"): (False, 2020, world.bloc.pk),
        (world.other_unit.pk, "province_flag"): (False, 2020, world.other_bloc_year.bloc_id),
    }
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert ActivityLog.objects.filter(action="awards.decision.drafted", object_id=str(decision.pk)).exists()


def test_draft_decision_twice_returns_the_same_draft(session, council_officer):
    first = services.draft_decision(session, actor=council_officer)
    second = services.draft_decision(session, actor=council_officer)

    assert first.pk == second.pk and AwardDecision.objects.count() == 1


def test_draft_decision_session_not_held_refused(world, council_officer):
    planned = held_session(world, actor=council_officer, status=CouncilSessionStatus.PLANNED)
    at_session(
        world.bloc_year, planned, actor=council_officer, items=[(AwardKind.PROVINCE_MERIT, world.head, "eligible")]
    )

    with pytest.raises(RefusedTransition):
        services.draft_decision(planned, actor=council_officer)
    assert not AwardDecision.objects.exists()


def test_draft_decision_eligible_flag_without_vote_refused(world, council_officer):
    session = held_session(world, actor=council_officer)
    at_session(
        world.bloc_year, session, actor=council_officer, items=[(AwardKind.PROVINCE_FLAG, world.head, "eligible")]
    )

    with pytest.raises(DomainError, match="vote"):
        services.draft_decision(session, actor=council_officer)
    assert not AwardDecision.objects.exists()


# --- Issuing: number, money, the dossiers settled ------------------------------------------------------------


def test_issue_decision_numbers_money_and_settles_dossiers(world, issued):
    issued.refresh_from_db()
    money = dict(issued.items.values_list("unit_id", "amount"))

    assert (issued.status, issued.number, issued.issued_on) == (DecisionStatus.ISSUED, 1, ISSUED_ON)
    assert money == {
        world.head.pk: Decimal(18_720_000),  # 8.0 × 2,340,000
        world.deputy.pk: None,  # the regime sets no multiplier for the certificate
        world.member.pk: None,  # rejected: no money
        world.other_unit.pk: None,
    }
    statuses = dict(Proposal.objects.values_list("bloc_year_id", "status"))
    assert statuses == {world.bloc_year.pk: ProposalStatus.DECIDED, world.other_bloc_year.pk: ProposalStatus.REJECTED}
    assert issued.signer_title == "Phó Chủ tịch"
    assert ActivityLog.objects.filter(action="awards.decision.issued", object_id=str(issued.pk)).exists()


def test_issue_decision_numbering_per_year_of_the_committee(world, council_officer, issued):
    """The second decision of 2024 is No. 2; the first of 2025 starts again at 1 (Decree 30: per issuer, type, year)."""
    numbers = []
    for issued_on in (D(2024, 8, 1), D(2025, 1, 5)):
        other = held_session(world, actor=council_officer)
        bloc_year = world.bloc_year.__class__.objects.create(bloc=world.bloc, year=2021 + len(numbers))
        at_session(bloc_year, other, actor=council_officer, items=[(AwardKind.PROVINCE_MERIT, world.head, "eligible")])
        decision = issue(services.draft_decision(other, actor=council_officer), council_officer, issued_on=issued_on)
        numbers.append(decision.number)

    assert numbers == [2, 1]


def test_issue_decision_twice_keeps_number_and_money(issued, council_officer):
    again = issue(issued, council_officer, issued_on=D(2025, 7, 1))

    assert (again.number, again.issued_on) == (1, ISSUED_ON)


def test_issue_decision_before_the_session_refused(session, council_officer):
    decision = services.draft_decision(session, actor=council_officer)

    with pytest.raises(DomainError):
        issue(decision, council_officer, issued_on=HELD_ON - datetime.timedelta(days=1))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT and Proposal.objects.filter(status="at_session").count() == 2


def test_issue_decision_without_signer_refused(session, council_officer):
    decision = services.draft_decision(session, actor=council_officer)

    with pytest.raises(DomainError):
        services.issue_decision(
            decision, actor=council_officer, issued_on=ISSUED_ON, signer_rank="mayor", signer_name="X"
        )
    with pytest.raises(DomainError):
        services.issue_decision(
            decision, actor=council_officer, issued_on=ISSUED_ON, signer_rank=SignerRank.CHAIRMAN, signer_name="  "
        )


@pytest.mark.parametrize(
    ("issued_on", "money"),
    [
        (D(2019, 6, 30), 11_120_000),  # 8.0 × 1,390,000 (Decree 72/2018)
        (D(2019, 7, 1), 11_920_000),  # 8.0 × 1,490,000 (Decree 38/2019)
        (D(2023, 6, 30), 11_920_000),
        (D(2023, 7, 1), 14_400_000),  # 8.0 × 1,800,000 (Decree 24/2023)
        (D(2023, 12, 31), 14_400_000),  # last day of Decree 91/2017
        (D(2024, 1, 1), 14_400_000),  # Law 06/2022 + Decree 98/2023: same multiplier
        (D(2024, 6, 30), 14_400_000),
        (D(2024, 7, 1), 18_720_000),  # 8.0 × 2,340,000 (Decree 73/2024)
        (D(2025, 6, 30), 18_720_000),
        (D(2025, 7, 1), 18_720_000),  # Decree 152/2025: same multiplier
    ],
)
def test_issue_decision_money_by_the_decision_date(world, council_officer, issued_on, money):
    session = held_session(world, actor=council_officer, held_on=D(2019, 1, 10))
    proposal = at_session(
        world.bloc_year, session, actor=council_officer, items=[(AwardKind.PROVINCE_FLAG, world.head, "eligible")]
    )
    vote(proposal.items.get(), session, passed=True, actor=council_officer)

    decision = issue(services.draft_decision(session, actor=council_officer), council_officer, issued_on=issued_on)

    assert decision.items.get().amount == Decimal(money)


# --- Issuing decides the bloc-years -------------------------------------------------------------------------


def _at(bloc_year, status):
    """Put the year at ``status`` directly: the lifecycle's own moves are tested in blocs."""
    BlocYear.objects.filter(pk=bloc_year.pk).update(status=status)


def _moves(bloc_year):
    entries = ActivityLog.objects.filter(action="blocs.bloc_year.moved", object_id=str(bloc_year.pk))
    return [entry.data["after"]["status"] for entry in entries.order_by("pk")]


def test_issue_decision_decides_every_year_of_its_dossiers_even_all_rejected(world, session, council_officer):
    """B (awards approved) and B2 (its one award voted down: the council has ruled all the same) are decided;
    B3, proposed but not on this session, stays proposed."""
    waiting = BlocYearFactory(bloc=BlocFactory(province=world.province, name="Khối Văn hóa"), year=2020)
    for bloc_year in (world.bloc_year, world.other_bloc_year, waiting):
        _at(bloc_year, BlocYearStatus.PROPOSED)

    issue(services.draft_decision(session, actor=council_officer), council_officer)

    statuses = dict(BlocYear.objects.values_list("pk", "status"))
    assert statuses == {
        world.bloc_year.pk: BlocYearStatus.DECIDED,
        world.other_bloc_year.pk: BlocYearStatus.DECIDED,
        waiting.pk: BlocYearStatus.PROPOSED,
    }
    assert (_moves(world.bloc_year), _moves(world.other_bloc_year), _moves(waiting)) == (["decided"], ["decided"], [])


def test_issue_decision_walks_a_reviewed_year_through_proposed(world, session, council_officer):
    _at(world.bloc_year, BlocYearStatus.REVIEWED)
    _at(world.other_bloc_year, BlocYearStatus.DECIDED)

    issue(services.draft_decision(session, actor=council_officer), council_officer)

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.DECIDED
    assert (_moves(world.bloc_year), _moves(world.other_bloc_year)) == (["proposed", "decided"], [])


def test_issue_decision_year_refusing_a_step_refuses_the_issue(world, session, council_officer):
    """A year at "ready for review" whose meeting has no minutes cannot be reviewed: nothing is issued."""
    _at(world.bloc_year, BlocYearStatus.READY_FOR_REVIEW)
    _at(world.other_bloc_year, BlocYearStatus.PROPOSED)
    decision = services.draft_decision(session, actor=council_officer)

    with pytest.raises(RefusedTransition, match="minutes"):
        issue(decision, council_officer)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert Proposal.objects.filter(status=ProposalStatus.AT_SESSION).count() == 2
    statuses = set(BlocYear.objects.values_list("status", flat=True))
    assert statuses == {BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.PROPOSED}
    assert not ActivityLog.objects.filter(action="blocs.bloc_year.moved").exists()


def test_revoke_item_leaves_the_year_decided(world, session, council_officer):
    _at(world.bloc_year, BlocYearStatus.PROPOSED)
    issued = issue(services.draft_decision(session, actor=council_officer), council_officer)

    services.revoke_item(
        issued.items.get(unit=world.head),
        actor=council_officer,
        revoked_on=D(2025, 3, 1),
        reason="Hồ sơ không trung thực",
        basis="Điều 91 Luật TĐKT",
    )

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.status == BlocYearStatus.DECIDED and _moves(world.bloc_year) == ["decided"]


# --- Revocation keeps the history -----------------------------------------------------------------------------


def test_revoke_item_keeps_row_marked_and_leaves_totals(world, issued, council_officer):
    item = issued.items.get(unit=world.head)

    services.revoke_item(
        item,
        actor=council_officer,
        revoked_on=D(2025, 3, 1),
        reason="Hồ sơ không trung thực",
        basis="Điều 91 Luật TĐKT",
    )

    rows = award_history(world.head)
    assert [(r.award, r.revoked_on, r.revocation_basis) for r in rows] == [
        (item.get_award_display(), D(2025, 3, 1), "Điều 91 Luật TĐKT")
    ]
    assert DecisionItem.objects.filter(pk=item.pk).exists()
    assert [row.award for row in year_totals([world.province.pk], 2020)] == ["province_merit"]  # revoked flag gone
    assert ActivityLog.objects.filter(action="awards.decision.item_revoked").count() == 1


def test_revoke_item_refusals_change_nothing(world, session, issued, council_officer):
    item = issued.items.get(unit=world.head)
    rejected = issued.items.get(unit=world.member)
    args = {"actor": council_officer, "revoked_on": D(2025, 3, 1)}

    with pytest.raises(DomainError):
        services.revoke_item(item, reason=" ", basis="Điều 91", **args)
    with pytest.raises(RefusedTransition):
        services.revoke_item(rejected, reason="Sai", basis="Điều 91", **args)
    with pytest.raises(DomainError):
        services.revoke_item(item, actor=council_officer, revoked_on=D(2020, 1, 1), reason="Sai", basis="Điều 91")
    with pytest.raises(DomainError):
        services.revoke_item(
            item,
            actor=council_officer,
            revoked_on=timezone.localdate() + datetime.timedelta(days=1),
            reason="Sai",
            basis="Điều 91",
        )
    services.revoke_item(item, reason="Sai", basis="Điều 91", **args)
    with pytest.raises(RefusedTransition):
        services.revoke_item(item, reason="Lần hai", basis="Điều 91", **args)

    item.refresh_from_db()
    assert item.revocation_reason == "Sai" and not DecisionItem.objects.get(pk=rejected.pk).revoked_on


# --- The award history across renames and mergers --------------------------------------------------------------


def _decided(world, unit, *, year, award="province_flag", actor, revoked=False):
    decision = AwardDecision.objects.create(
        province=world.province, status="issued", number=year, issued_on=D(year + 1, 2, 1), created_by=actor
    )
    return DecisionItem.objects.create(
        decision=decision,
        unit=unit,
        award=award,
        year=year,
        bloc=world.bloc,
        approved=True,
        revoked_on=D(year + 1, 5, 1) if revoked else None,
        revocation_reason="Sai" if revoked else "",
        revocation_basis="Điều 91" if revoked else "",
    )


def _succeeds(successor, predecessor, kind):
    UnitSuccession.objects.create(
        predecessor=predecessor, successor=successor, kind=kind, effective_date=D(2025, 7, 1), legal_basis="QĐ 1"
    )


def test_award_history_shows_renamed_and_merged_predecessors_marked(world, council_officer):
    renamed_from = UnitFactory(province=world.province, name="Cục Thi hành án dân sự tỉnh")
    merged_in = UnitFactory(province=world.province, name="Chi cục cũ")
    older = UnitFactory(province=world.province, name="Tên cũ hơn")
    _succeeds(world.head, renamed_from, SuccessionKind.RENAME)
    _succeeds(world.head, merged_in, SuccessionKind.ABSORB)
    _succeeds(renamed_from, older, SuccessionKind.RENAME)
    _decided(world, world.head, year=2025, actor=council_officer)
    _decided(world, renamed_from, year=2023, actor=council_officer)
    _decided(world, merged_in, year=2022, actor=council_officer, revoked=True)
    _decided(world, older, year=2019, actor=council_officer)
    _decided(world, world.deputy, year=2024, actor=council_officer)  # not in the lineage

    rows = award_history(world.head)

    assert [(r.year, r.unit_name, r.inherited, bool(r.revoked_on)) for r in rows] == [
        (2025, world.head.name, False, False),
        (2023, "Cục Thi hành án dân sự tỉnh", True, False),
        (2022, "Chi cục cũ", True, True),
        (2019, "Tên cũ hơn", True, False),
    ]


def test_award_history_unit_renamed_after_its_award_shows_the_name_of_that_year(world, council_officer):
    old_name = world.head.name
    _decided(world, world.head, year=2023, actor=council_officer)
    _decided(world, world.head, year=2025, actor=council_officer)
    rename_unit(
        world.head, actor=None, name="Tên mới", short_name="TM", effective_date=D(2025, 3, 1), legal_basis="QĐ 7"
    )

    rows = award_history(world.head)

    assert [(r.year, r.unit_name, r.renamed, r.inherited) for r in rows] == [
        (2025, "Tên mới", False, False),
        (2023, old_name, True, False),
    ]


def test_award_history_predecessor_shows_its_name_of_that_year(world, council_officer):
    predecessor = UnitFactory(province=world.province, name="Sở cũ")
    _decided(world, predecessor, year=2022, actor=council_officer)
    _decided(world, predecessor, year=2024, actor=council_officer)
    rename_unit(
        predecessor, actor=None, name="Sở cũ đổi tên", short_name="", effective_date=D(2024, 1, 1), legal_basis="QĐ 2"
    )
    _succeeds(world.head, predecessor, SuccessionKind.ABSORB)

    rows = award_history(world.head)

    assert [(r.year, r.unit_name, r.inherited, r.renamed) for r in rows] == [
        (2024, "Sở cũ đổi tên", True, False),
        (2022, "Sở cũ", True, False),
    ]


def test_unit_page_marks_an_award_under_the_units_former_name(client, world, council_officer):
    old_name = world.head.name
    _decided(world, world.head, year=2023, actor=council_officer)
    _decided(world, world.deputy, year=2023, actor=council_officer)
    rename_unit(
        world.head, actor=None, name="Tên mới", short_name="TM", effective_date=D(2025, 3, 1), legal_basis="QĐ 7"
    )
    client.force_login(council_officer)

    page = client.get(reverse("blocs:unit_detail", args=[world.head.pk])).content.decode()

    assert page.count('data-testid="award-history-row"') == 1
    assert re.search(r'data-testid="former-name">[^<]*' + re.escape(old_name), page)


def test_award_history_leaves_out_rejected_and_draft_items(world, council_officer):
    _decided(world, world.head, year=2023, actor=council_officer)
    draft = AwardDecision.objects.create(province=world.province, created_by=council_officer)
    DecisionItem.objects.create(decision=draft, unit=world.head, award="province_flag", year=2024, approved=True)
    DecisionItem.objects.create(
        decision=_decided(world, world.deputy, year=2024, actor=council_officer).decision,
        unit=world.head,
        award="province_merit",
        year=2024,
        approved=False,
    )

    assert [row.year for row in award_history(world.head)] == [2023]


def test_merit_history_counts_renames_not_mergers_nor_revoked(world, council_officer):
    """Art. 74: a renamed unit's "Tập thể lao động xuất sắc" years are its own; a merged part's are not."""
    renamed_from = UnitFactory(province=world.province)
    merged_in = UnitFactory(province=world.province)
    _succeeds(world.head, renamed_from, SuccessionKind.RENAME)
    _succeeds(world.head, merged_in, SuccessionKind.ABSORB)
    _decided(world, renamed_from, year=2019, award="excellent_collective", actor=council_officer)
    _decided(world, world.head, year=2020, award="excellent_collective", actor=council_officer)
    _decided(world, merged_in, year=2018, award="excellent_collective", actor=council_officer)
    _decided(world, world.head, year=2017, award="excellent_collective", actor=council_officer, revoked=True)
    _decided(world, world.deputy, year=2020, award="excellent_collective", actor=council_officer)

    history = merit_history([world.head.pk])

    assert sorted(history[world.head.pk]) == [(2019, "excellent_collective"), (2020, "excellent_collective")]


def test_proposal_check_reads_the_history_for_art_74(world, council_officer):
    """The certificate without the bloc's vote needs 2 consecutive excellent years: the history now gives them."""
    item = ProposalItem(award=AwardKind.PROVINCE_MERIT, unit=world.head)
    without = proposal_selectors._item_problems(item, {}, {world.head.pk}, 2020, [])
    _decided(world, world.head, year=2019, award="excellent_collective", actor=council_officer)
    _decided(world, world.head, year=2020, award="excellent_collective", actor=council_officer)
    history = merit_history([world.head.pk])[world.head.pk]

    assert len(without) == 1
    assert proposal_selectors._item_problems(item, {}, {world.head.pk}, 2020, history) == []


# --- Totals and the dashboard -------------------------------------------------------------------------------------


def test_year_totals_leave_out_rejected_revoked_and_other_years(world, issued, council_officer):
    _decided(world, world.deputy, year=2019, actor=council_officer)
    _decided(world, world.member, year=2020, actor=council_officer, revoked=True)

    totals = {row.award: (row.count, row.money) for row in year_totals([world.province.pk], 2020)}

    assert totals == {"province_flag": (1, Decimal(18_720_000)), "province_merit": (1, None)}
    assert year_totals([world.other_province.pk], 2020) == []


def test_dashboard_council_office_sees_totals_and_status_by_bloc(world, issued, council_officer, secretariat):
    sections = decision_sections(council_officer, today=D(2021, 3, 1))
    texts = {section.title: [item.text for item in section.items] for section in sections}

    assert any("18,720,000" in text for text in texts["Awards decided for 2020"])
    with translation.override("vi"):
        vietnamese = [
            item.text for section in decision_sections(council_officer, today=D(2021, 3, 1)) for item in section.items
        ]
    assert any("18.720.000 đồng" in text for text in vietnamese)  # Vietnamese groups thousands with dots
    assert any(
        world.bloc.name in text and str(ProposalStatus.DECIDED.label) in text
        for text in texts["Proposals by status and bloc"]
    )
    assert decision_sections(secretariat, today=D(2021, 3, 1)) == []


# --- Pages ---------------------------------------------------------------------------------------------------


def test_decision_pages_office_drafts_issues_revokes(client, world, session, council_officer):
    client.force_login(council_officer)

    response = client.post(reverse("awards:decision_draft", args=[session.pk]))
    decision = AwardDecision.objects.get()
    assert response.status_code == 302 and response.url == reverse("awards:decision_detail", args=[decision.pk])
    data = {"issued_on": "01/07/2024", "signer_rank": SignerRank.CHAIRMAN, "signer_name": "Lê Văn Chủ"}
    assert client.post(reverse("awards:decision_issue", args=[decision.pk]), data).status_code == 302
    item = decision.items.get(unit=world.head)
    data = {"revoked_on": "01/03/2025", "reason": "Hồ sơ sai", "basis": "Điều 91"}
    assert client.post(reverse("awards:decision_item_revoke", args=[item.pk]), data).status_code == 302

    item.refresh_from_db()
    assert item.revoked_on == D(2025, 3, 1)
    page = client.get(reverse("awards:decision_detail", args=[decision.pk])).content.decode()
    assert ('data-testid="revoked"' in page and "18.720.000" in page) or "18,720,000" in page
    assert client.get(reverse("awards:decision_list")).status_code == 200


def test_decision_issue_bad_date_answers_with_the_form(client, world, session, council_officer):
    decision = services.draft_decision(session, actor=council_officer)
    client.force_login(council_officer)

    data = {"issued_on": "01/01/2021", "signer_rank": SignerRank.CHAIRMAN, "signer_name": "Lê Văn Chủ"}
    response = client.post(reverse("awards:decision_issue", args=[decision.pk]), data)

    assert response.status_code == 400 and "before the council" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_decision_pages_other_province_404_member_403(client, world, issued, other_council_officer, council_member):
    detail = reverse("awards:decision_detail", args=[issued.pk])
    item = issued.items.get(unit=world.head)

    client.force_login(other_council_officer)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("awards:decision_item_revoke", args=[item.pk])).status_code == 404
    client.force_login(council_member)
    assert client.get(detail).status_code == 200
    assert client.get(reverse("awards:decision_item_revoke", args=[item.pk])).status_code == 403
    assert client.get(reverse("awards:decision_list")).status_code == 403


def test_decision_issue_page_of_issued_decision_403(client, issued, council_officer):
    client.force_login(council_officer)

    assert client.get(reverse("awards:decision_issue", args=[issued.pk])).status_code == 403


def test_decision_draft_other_province_session_404(client, session, other_council_officer, secretariat):
    client.force_login(other_council_officer)
    assert client.post(reverse("awards:decision_draft", args=[session.pk])).status_code == 404
    client.force_login(secretariat)
    assert client.post(reverse("awards:decision_draft", args=[session.pk])).status_code == 404
    assert not AwardDecision.objects.exists()


def test_unit_page_shows_award_history_with_predecessor_marked(client, world, council_officer):
    renamed_from = UnitFactory(province=world.province, name="Tên cũ của đơn vị")
    _succeeds(world.head, renamed_from, SuccessionKind.RENAME)
    _decided(world, renamed_from, year=2019, actor=council_officer)
    _decided(world, world.head, year=2020, actor=council_officer, revoked=True)
    client.force_login(council_officer)

    page = client.get(reverse("blocs:unit_detail", args=[world.head.pk])).content.decode()

    assert page.count('data-testid="award-history-row"') == 2
    assert 'data-testid="predecessor"' in page and "Tên cũ của đơn vị" in page
    assert 'data-testid="history-revoked"' in page


# --- The PDF ------------------------------------------------------------------------------------------------


def test_decision_pdf_text_and_fonts(world, issued, tmp_path):
    content = decision_pdf(issued).content
    text = " ".join(pdf_text(content, tmp_path).split())

    for expected in [
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Số: 01/QĐ-UBND",
        "Hà Tĩnh, ngày 01 tháng 7 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định 98/2023/NĐ-CP của Chính phủ",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Văn Ký",
        "Nơi nhận:",
        "DANH SÁCH",
        "Thanh tra tỉnh",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        "18.720.000",
        "Không kèm tiền thưởng",
        "Tổng cộng",
    ]:
        assert expected in text, expected
    assert "Công an tỉnh" not in text  # rejected: not in the annex
    assert "DỰ THẢO" not in text
    fonts = pdf_fonts(content, tmp_path)
    assert fonts and all(row[-5] == "yes" for row in fonts)


def test_decision_pdf_draft_marked(session, council_officer, tmp_path):
    decision = services.draft_decision(session, actor=council_officer)

    text = pdf_text(decision_pdf(decision).content, tmp_path)

    assert "DỰ THẢO" in text and "CHỦ TỊCH" in text


@pytest.mark.parametrize("settled", [False, True])
def test_proposal_page_at_session_and_after_decision_loads(client, world, session, council_officer, settled):
    """The dossier's page lists the moves its state allows: the decision's own moves must read on a proposal."""
    if settled:
        issue(services.draft_decision(session, actor=council_officer), council_officer)
    proposal = Proposal.objects.get(bloc_year=world.bloc_year)
    client.force_login(council_officer)

    assert client.get(proposal.get_absolute_url()).status_code == 200


def test_awards_by_bloc_and_year_counts_unrevoked_per_year(world, issued, council_officer):
    _decided(world, world.deputy, year=2019, actor=council_officer)
    _decided(world, world.member, year=2019, actor=council_officer, revoked=True)
    _decided(world, world.member, year=2014, actor=council_officer)  # outside the five years

    table = awards_by_bloc_and_year([world.province.pk], up_to=2020)

    assert table.years == [2016, 2017, 2018, 2019, 2020]
    assert table.rows == [(world.bloc.name, [0, 0, 0, 1, 2])]  # 2020: the flag and the certificate; B2 rejected
    assert awards_by_bloc_and_year([world.other_province.pk], up_to=2020).rows == []


def test_decision_list_shows_year_totals_and_bloc_table(client, world, issued, council_officer):
    client.force_login(council_officer)

    page = client.get(reverse("awards:decision_list"), {"year": "2020"}).content.decode()

    assert page.count('data-testid="decision-row"') == 1
    assert page.count('data-testid="bloc-years-row"') == 1 and world.bloc.name in page


def test_decision_pdf_annex_names_the_unit_as_it_was_on_the_decision_day(world, issued, tmp_path):
    old_name = world.head.name
    rename_unit(
        world.head,
        actor=None,
        name="Thanh tra Nhà nước tỉnh",
        short_name="TTNN",
        effective_date=D(2025, 3, 1),
        legal_basis="QĐ 9",
    )

    text = " ".join(pdf_text(decision_pdf(issued).content, tmp_path).split())

    assert old_name in text and "Thanh tra Nhà nước tỉnh" not in text
