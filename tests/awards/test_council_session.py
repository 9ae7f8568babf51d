"""The council's session: planning, dossiers on it, attendance, the vote on each item, closing with minutes."""

import datetime
from decimal import Decimal

import pytest

from awards.enums import Appraisal, AwardKind, CouncilSessionStatus, ProposalStatus
from awards.models import CouncilSession, CouncilVote, LegalRegime, Meeting, Proposal, ProposalItem
from awards.services import council as services
from core.exceptions import DomainError
from core.models import ActivityLog, IssuedDocument

D = datetime.date
HELD_ON = D(2021, 1, 15)


def appraised_proposal(bloc_year, *, actor, eligible=(), ineligible=(), merit=(), status=ProposalStatus.APPRAISED):
    """A proposal arranged directly, appraised: flag items for ``eligible``/``ineligible`` units, eligible
    certificate items for ``merit`` units."""
    meeting = Meeting.objects.create(bloc_year=bloc_year)
    proposal = Proposal.objects.create(
        bloc_year=bloc_year, meeting=meeting, status=status, submitted_on=D(2020, 12, 5), created_by=actor
    )
    rows = [(u, AwardKind.PROVINCE_FLAG, Appraisal.ELIGIBLE, "") for u in eligible]
    rows += [(u, AwardKind.PROVINCE_FLAG, Appraisal.INELIGIBLE, "under inspection") for u in ineligible]
    rows += [(u, AwardKind.PROVINCE_MERIT, Appraisal.ELIGIBLE, "") for u in merit]
    for unit, award, appraisal, reason in rows:
        ProposalItem.objects.create(
            proposal=proposal, award=award, unit=unit, appraisal=appraisal, appraisal_reason=reason
        )
    return proposal


def plan(province, actor, *, held_on=HELD_ON, members_total=10):
    return services.plan_session(
        province,
        actor=actor,
        held_on=held_on,
        place="Hội trường UBND tỉnh",
        chair_name="Nguyễn Văn A",
        chair_title="Chủ tịch UBND tỉnh",
        members_total=members_total,
    )


@pytest.fixture
def proposal(world, secretariat):
    """Bloc B's appraised dossier: the flag for H (eligible) and for D (ineligible), a certificate for M."""
    return appraised_proposal(
        world.bloc_year, actor=secretariat, eligible=[world.head], ineligible=[world.deputy], merit=[world.member]
    )


@pytest.fixture
def session(world, council_officer, proposal):
    """A session of 10 members on HELD_ON with bloc B's dossier on it, 8 present and 2 written opinions."""
    session = plan(world.province, council_officer)
    services.add_to_session(proposal, session, actor=council_officer)
    return services.record_attendance(session, actor=council_officer, present=8, written_opinions=2)


def flag_item(proposal):
    return proposal.items.get(award=AwardKind.PROVINCE_FLAG, appraisal=Appraisal.ELIGIBLE)


# --- Planning and dossiers ---------------------------------------------------------------------------


def test_plan_session_stores_planned_session_and_audits(world, council_officer):
    session = plan(world.province, council_officer)

    session.refresh_from_db()
    assert (session.status, session.present, session.members_total) == (CouncilSessionStatus.PLANNED, 0, 10)
    assert ActivityLog.objects.filter(action="awards.council_session.planned", object_id=session.pk).exists()


@pytest.mark.parametrize(
    ("members_total", "place", "message"), [(0, "Hội trường", "at least one member"), (9, " ", "Give the place")]
)
def test_plan_session_bad_input_refused(world, council_officer, english, members_total, place, message):
    with pytest.raises(DomainError, match=message):
        services.plan_session(
            world.province,
            actor=council_officer,
            held_on=HELD_ON,
            place=place,
            chair_name="A",
            chair_title="B",
            members_total=members_total,
        )
    assert not CouncilSession.objects.exists()


def test_add_to_session_places_appraised_dossier(world, council_officer, proposal):
    session = plan(world.province, council_officer)

    services.add_to_session(proposal, session, actor=council_officer)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.council_session_id) == (ProposalStatus.AT_SESSION, session.pk)
    assert ActivityLog.objects.filter(action="awards.proposal.placed", object_id=proposal.pk).exists()
    assert ActivityLog.objects.filter(action="awards.council_session.proposal_added", object_id=session.pk).exists()


def test_add_to_session_other_province_refused(world, council_officer, proposal, english):
    session = plan(world.other_province, council_officer)

    with pytest.raises(DomainError, match="another province"):
        services.add_to_session(proposal, session, actor=council_officer)
    proposal.refresh_from_db()
    assert proposal.council_session_id is None


def test_add_to_session_already_on_another_session_refused(world, council_officer, proposal, english):
    first, second = plan(world.province, council_officer), plan(world.province, council_officer)
    services.add_to_session(proposal, first, actor=council_officer)

    with pytest.raises(DomainError, match="another council session"):
        services.add_to_session(proposal, second, actor=council_officer)
    proposal.refresh_from_db()
    assert proposal.council_session_id == first.pk


def test_add_to_session_not_appraised_refused(world, council_officer, secretariat):
    proposal = appraised_proposal(world.bloc_year, actor=secretariat, eligible=[world.head], status="assigned")
    session = plan(world.province, council_officer)

    with pytest.raises(DomainError):
        services.add_to_session(proposal, session, actor=council_officer)
    proposal.refresh_from_db()
    assert proposal.council_session_id is None


# --- Attendance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("present", "written"), [(11, 0), (8, 3), (-1, 0)])
def test_record_attendance_impossible_counts_refused(world, council_officer, present, written):
    session = plan(world.province, council_officer)

    with pytest.raises(DomainError):
        services.record_attendance(session, actor=council_officer, present=present, written_opinions=written)
    session.refresh_from_db()
    assert (session.present, session.written_opinions) == (0, 0)


def test_record_attendance_after_a_vote_refused(session, council_officer, proposal, english):
    services.record_vote(flag_item(proposal), actor=council_officer, yes=8, no=0, written_yes=0)

    with pytest.raises(DomainError, match="Votes are recorded"):
        services.record_attendance(session, actor=council_officer, present=9, written_opinions=1)


def _members(present, opinions, silent):
    rows = [services.Attendee(f"Có mặt {n}", f"Ủy viên {n}", True) for n in range(present)]
    rows += [services.Attendee(f"Vắng có ý kiến {n}", "Ủy viên", False, True) for n in range(opinions)]
    return rows + [services.Attendee(f"Vắng {n}", "", False) for n in range(silent)]


def test_record_attendance_with_members_stores_them_in_order_and_audits(world, council_officer):
    session = plan(world.province, council_officer)

    services.record_attendance(session, actor=council_officer, present=8, written_opinions=1, members=_members(8, 1, 1))

    attendees = list(session.attendees.all())
    assert [(a.name, a.present, a.written_opinion) for a in attendees[7:]] == [
        ("Có mặt 7", True, False),
        ("Vắng có ý kiến 0", False, True),
        ("Vắng 0", False, False),
    ]
    entry = ActivityLog.objects.filter(action="awards.council_session.attendance").latest("pk")
    assert entry.data["after"]["members"][8] == ["Vắng có ý kiến 0", "Ủy viên", False, True]


def test_record_attendance_new_list_replaces_the_last(world, council_officer):
    session = plan(world.province, council_officer)
    services.record_attendance(session, actor=council_officer, present=8, written_opinions=1, members=_members(8, 1, 1))

    services.record_attendance(session, actor=council_officer, present=9, written_opinions=0, members=_members(9, 0, 0))

    assert session.attendees.count() == 9 and not session.attendees.filter(present=False).exists()


@pytest.mark.parametrize(
    ("members", "present", "written", "message"),
    [
        (_members(7, 1, 1), 8, 1, "7 named present and 1 absentees"),
        (_members(8, 0, 2), 8, 1, "8 named present and 0 absentees"),
        (_members(8, 1, 2), 8, 1, "The council has 10 members: 11 are named"),
        ([services.Attendee(" ", "Ủy viên", True)], 1, 0, "needs a name"),
        ([services.Attendee("A", "", True, True)], 1, 0, "Only absent members"),
    ],
)
def test_record_attendance_members_not_matching_the_counts_refused(
    world, council_officer, english, members, present, written, message
):
    session = plan(world.province, council_officer)

    with pytest.raises(DomainError, match=message):
        services.record_attendance(
            session, actor=council_officer, present=present, written_opinions=written, members=members
        )
    session.refresh_from_db()
    assert (session.present, session.written_opinions, session.attendees.count()) == (0, 0, 0)


# --- The vote ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "no", "written_yes", "passed"),
    [
        (8, 0, 0, True),  # 8 of all 10 members: exactly 80 %
        (7, 1, 0, False),  # 70 %
        (7, 1, 1, True),  # a written yes makes 80 %
        (6, 2, 1, False),  # 70 % with the written yes
        (6, 0, 2, True),  # two written yes
    ],
)
def test_record_vote_flag_threshold_of_all_members(session, council_officer, proposal, yes, no, written_yes, passed):
    vote = services.record_vote(flag_item(proposal), actor=council_officer, yes=yes, no=no, written_yes=written_yes)

    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.written_yes, vote.passed) == (yes, no, written_yes, passed)
    assert ActivityLog.objects.filter(action="awards.council_session.vote_recorded", object_id=session.pk).exists()


def test_record_vote_again_replaces_the_count(session, council_officer, proposal):
    item = flag_item(proposal)
    services.record_vote(item, actor=council_officer, yes=7, no=1, written_yes=0)

    services.record_vote(item, actor=council_officer, yes=8, no=0, written_yes=0)

    assert CouncilVote.objects.get().passed is True


@pytest.mark.parametrize(
    ("yes", "no", "written_yes", "message"),
    [(8, 1, 0, "cannot exceed the 8 members present"), (6, 0, 3, "cannot exceed the 2 written opinions")],
)
def test_record_vote_impossible_counts_refused(
    session, council_officer, proposal, english, yes, no, written_yes, message
):
    with pytest.raises(DomainError, match=message):
        services.record_vote(flag_item(proposal), actor=council_officer, yes=yes, no=no, written_yes=written_yes)
    assert not CouncilVote.objects.exists()


@pytest.mark.parametrize(("present", "message"), [(6, "no quorum"), (7, "80% of the members present")])
def test_record_vote_without_quorum_or_attendance_refused(world, council_officer, proposal, english, present, message):
    """10 members: quorum 2/3 needs 7, an award session 80 % needs 8."""
    session = plan(world.province, council_officer)
    services.add_to_session(proposal, session, actor=council_officer)
    services.record_attendance(session, actor=council_officer, present=present, written_opinions=0)

    with pytest.raises(DomainError, match=message):
        services.record_vote(flag_item(proposal), actor=council_officer, yes=present, no=0, written_yes=0)
    assert not CouncilVote.objects.exists()


def test_record_vote_ineligible_item_refused(session, council_officer, proposal, english):
    item = proposal.items.get(appraisal=Appraisal.INELIGIBLE)

    with pytest.raises(DomainError, match="appraised as eligible"):
        services.record_vote(item, actor=council_officer, yes=8, no=0, written_yes=0)


def test_record_vote_award_without_vote_refused(session, council_officer, proposal, english):
    item = proposal.items.get(award=AwardKind.PROVINCE_MERIT)

    with pytest.raises(DomainError, match="needs no council vote"):
        services.record_vote(item, actor=council_officer, yes=8, no=0, written_yes=0)


def test_record_vote_dossier_not_on_session_refused(world, council_officer, secretariat, english):
    proposal = appraised_proposal(world.other_bloc_year, actor=secretariat, eligible=[world.other_unit])

    with pytest.raises(DomainError, match="not on a council session"):
        services.record_vote(flag_item(proposal), actor=council_officer, yes=8, no=0, written_yes=0)


@pytest.mark.parametrize(("held_on", "passed"), [(D(2025, 6, 30), False), (D(2025, 7, 1), True)])
def test_record_vote_threshold_of_regime_on_session_day(world, council_officer, proposal, held_on, passed):
    """Decree 98/2023's regime (to 30/06/2025) set to 90 % here; Decree 152/2025's keeps 80 %: 8 of 10 yes."""
    LegalRegime.objects.filter(code="law-06-2022-decree-98-2023").update(flag_threshold_percent=Decimal(90))
    session = plan(world.province, council_officer, held_on=held_on)
    services.add_to_session(proposal, session, actor=council_officer)
    services.record_attendance(session, actor=council_officer, present=8, written_opinions=0)

    vote = services.record_vote(flag_item(proposal), actor=council_officer, yes=8, no=0, written_yes=0)

    assert vote.passed is passed


# --- Closing -------------------------------------------------------------------------------------------


def test_close_session_with_item_awaiting_vote_refused(session, council_officer, english):
    with pytest.raises(DomainError, match="still await the vote"):
        services.close_session(session, actor=council_officer)
    session.refresh_from_db()
    assert session.status == CouncilSessionStatus.PLANNED


def test_close_session_without_dossier_refused(world, council_officer, english):
    session = plan(world.province, council_officer)

    with pytest.raises(DomainError, match="No dossier"):
        services.close_session(session, actor=council_officer)


def test_close_session_holds_and_numbers_minutes_per_council_and_year(
    world, council_officer, secretariat, proposal, session
):
    """The second session of the province's council gets BB number 2; the merit item needs no vote."""
    other = appraised_proposal(world.other_bloc_year, actor=secretariat, merit=[world.other_unit])
    first = plan(world.province, council_officer)
    services.add_to_session(other, first, actor=council_officer)
    services.record_attendance(first, actor=council_officer, present=9, written_opinions=0)
    services.close_session(first, actor=council_officer)
    services.record_vote(flag_item(proposal), actor=council_officer, yes=8, no=0, written_yes=0)

    services.close_session(session, actor=council_officer)

    session.refresh_from_db()
    assert (session.status, session.number) == (CouncilSessionStatus.HELD, 2)
    document = IssuedDocument.objects.get(kind=services.COUNCIL_MINUTES_KIND, object_id=session.pk)
    assert document.number_text == "02/BB-HĐTĐKT"
    assert ActivityLog.objects.filter(action="awards.council_session.held", object_id=session.pk).exists()


def test_held_session_refuses_every_write(session, council_officer, proposal, english):
    services.record_vote(flag_item(proposal), actor=council_officer, yes=8, no=0, written_yes=0)
    services.close_session(session, actor=council_officer)

    with pytest.raises(DomainError, match="has been held"):
        services.record_vote(flag_item(proposal), actor=council_officer, yes=7, no=1, written_yes=0)
    assert CouncilVote.objects.get().yes == 8
