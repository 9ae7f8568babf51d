"""What the year-end meeting asks of each persona today."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from awards.enums import BallotStatus, ProposalStatus
from awards.models import Ballot, Meeting, MeetingSession, Proposal
from awards.selectors import decisions as decision_selectors
from awards.selectors.ballots import open_ballots_for_voter
from awards.selectors.council import next_session_for
from awards.selectors.review import LATE
from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import BlocYear, Membership
from blocs.selectors import roles_of
from core.dashboard import Item, Section, provider


def _headed_by(officer_units, bloc_year: str) -> Exists:
    """A subquery: one of the user's units heads the bloc-year found at ``bloc_year`` (an OuterRef path)."""
    return Exists(
        Membership.objects.filter(
            bloc_year=OuterRef(bloc_year), unit_id__in=officer_units, role=MemberRole.HEAD, left_on__isnull=True
        )
    )


@provider
def meeting_sections(user, *, today):
    """The secretariat: its year is ready for review and its meeting has no session recorded yet (one query)."""
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    sessions = MeetingSession.objects.filter(meeting__bloc_year=OuterRef("pk"))
    years = BlocYear.objects.filter(_headed_by(officer_units, "pk"), status=BlocYearStatus.READY_FOR_REVIEW)
    items = [
        Item(
            _("%(bloc_year)s is ready for review: record its year-end meeting.") % {"bloc_year": bloc_year},
            reverse("awards:meeting_detail", args=[bloc_year.pk]),
            "warning",
        )
        for bloc_year in years.exclude(Exists(sessions)).select_related("bloc").order_by("year", "bloc__name")
    ]
    return [Section(_("Year-end meeting"), items)] if items else []


@provider
def minutes_sections(user, *, today):
    """The secretariat: its meeting (sessions recorded, year ready for review) has no minutes issued yet (one query)."""
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    sessions = MeetingSession.objects.filter(meeting=OuterRef("pk"))
    meetings = Meeting.objects.filter(
        _headed_by(officer_units, "bloc_year"),
        Exists(sessions),
        bloc_year__status=BlocYearStatus.READY_FOR_REVIEW,
        minutes_issued_on__isnull=True,
    )
    items = [
        Item(
            _("The meeting of %(bloc_year)s has no minutes yet.") % {"bloc_year": meeting.bloc_year},
            reverse("awards:meeting_detail", args=[meeting.bloc_year_id]),
            "warning",
        )
        for meeting in meetings.select_related("bloc_year__bloc").order_by("bloc_year__year", "bloc_year__bloc__name")
    ]
    return [Section(_("Minutes of the year-end meeting"), items)] if items else []


@provider
def ballot_sections(user, *, today):
    """A representative whose unit is present and has not voted: each open ballot (one query); the
    secretariat: each open ballot of the years its unit heads (one query)."""
    vote = [
        Item(
            _("A ballot is open for you: %(ballot)s (%(bloc_year)s).")
            % {"ballot": ballot, "bloc_year": ballot.meeting.bloc_year},
            reverse("awards:ballot_detail", args=[ballot.pk]),
            "danger",
        )
        for ballot in open_ballots_for_voter(user)
    ]
    running = [
        Item(
            _("Ballot round %(round)s for %(award)s is open (%(bloc_year)s).")
            % {
                "round": ballot.round_number,
                "award": ballot.get_award_display(),
                "bloc_year": ballot.meeting.bloc_year,
            },
            reverse("awards:ballot_detail", args=[ballot.pk]),
            "warning",
        )
        for ballot in _open_ballots_run_by(user)
    ]
    return [Section(_("Secret ballot"), vote + running)] if vote or running else []


def _open_ballots_run_by(user):
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    ballots = Ballot.objects.filter(_headed_by(officer_units, "meeting__bloc_year"), status=BallotStatus.OPEN)
    return ballots.select_related("meeting__bloc_year__bloc").order_by("meeting__bloc_year__bloc__name", "award")


@provider
def proposal_sections(user, *, today):
    """The secretariat: each proposal of the years its unit heads that is still a draft or was returned,
    with the return reason (one query)."""
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return []
    proposals = Proposal.objects.filter(
        _headed_by(officer_units, "bloc_year"),
        status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED],
    ).exclude(bloc_year__status=BlocYearStatus.CLOSED)
    items = [
        _proposal_item(proposal)
        for proposal in proposals.select_related("bloc_year__bloc").order_by("bloc_year__year", "bloc_year__bloc__name")
    ]
    return [Section(_("Proposal to the council"), items)] if items else []


def _proposal_item(proposal: Proposal) -> Item:
    values = {"bloc_year": proposal.bloc_year, "reason": proposal.return_reason}
    if proposal.status == ProposalStatus.RETURNED:
        return Item(
            _("The proposal of %(bloc_year)s was returned: %(reason)s") % values, proposal.get_absolute_url(), "danger"
        )
    return Item(
        _("The proposal of %(bloc_year)s is not submitted yet.") % values, proposal.get_absolute_url(), "warning"
    )


@provider
def proposal_review_sections(user, *, today):
    """The council office: proposals received and not yet assigned, and late dossiers still under review
    (two counts over its provinces' proposals)."""
    roles = roles_of(user)
    if not roles.office_province_ids:
        return []
    proposals = Proposal.objects.filter(bloc_year__bloc__province_id__in=roles.office_province_ids)
    unassigned = proposals.filter(status=ProposalStatus.RECEIVED).count()
    in_review = [ProposalStatus.SUBMITTED, ProposalStatus.RECEIVED, ProposalStatus.ASSIGNED]
    late = proposals.filter(LATE, status__in=in_review).count()
    url = reverse("awards:proposal_list")
    items = []
    if unassigned:
        text = _("%(count)s proposals received, not assigned.") % {"count": unassigned}
        items.append(Item(text, f"{url}?status={ProposalStatus.RECEIVED}", "warning"))
    if late:
        items.append(Item(_("Late: %(count)s dossiers under review.") % {"count": late}, f"{url}?late=yes", "danger"))
    return [Section(_("Proposals to the council"), items)] if items else []


@provider
def council_session_sections(user, *, today):
    """A council member (or office officer): the next planned session of their province and its items (one query)."""
    session = next_session_for(user, today)
    if session is None:
        return []
    text = _("Council session on %(day)s: %(count)s items") % {
        "day": session.held_on.strftime("%d/%m/%Y"),
        "count": session.item_count,
    }
    return [Section(_("Council"), [Item(text, reverse("awards:council_session_detail", args=[session.pk]), "info")])]


# --- The award decision (the council office) ------------------------------------------------------------


@provider
def decision_sections(user, *, today):
    """The council office: held sessions awaiting a decision, the latest decided year's totals by award and money,
    and its provinces' submitted proposals by status per bloc for the last two emulation years."""
    roles = roles_of(user)
    if not roles.office_province_ids:
        return []
    provinces = sorted(roles.office_province_ids)
    url = reverse("awards:decision_list")
    awaiting = decision_selectors.held_sessions_without_decision(user).count()
    sections = []
    if awaiting:
        text = _("%(count)s held council sessions await their award decision.") % {"count": awaiting}
        sections.append(Section(_("Award decisions"), [Item(text, url, "warning")]))
    year = decision_selectors.latest_decided_year(provinces, up_to=today.year)
    if year is not None:
        items = [
            Item(_award_total_text(row), f"{url}?year={year}")
            for row in decision_selectors.year_totals(provinces, year)
        ]
        sections.append(Section(_("Awards decided for %(year)s") % {"year": year}, items))
    labels = dict(ProposalStatus.choices)
    table = decision_selectors.proposal_status_by_bloc(provinces)
    rows = [
        Item(
            f"{year_} · {bloc}: " + ", ".join(f"{labels[status]} {count}" for status, count in sorted(counts.items())),
            reverse("awards:proposal_list") + f"?year={year_}",
        )
        for (year_, bloc), counts in table.items()
        if year_ >= today.year - 1
    ]
    if rows:
        sections.append(Section(_("Proposals by status and bloc"), rows))
    return sections


def _award_total_text(row) -> str:
    money = number_format(row.money or 0, decimal_pos=0, use_l10n=True, force_grouping=True)
    values = {"count": row.count, "award": row.label, "money": money}
    if row.money is None:
        return _("%(count)s × %(award)s (no money)") % values
    return _("%(count)s × %(award)s: %(money)s VND") % values
