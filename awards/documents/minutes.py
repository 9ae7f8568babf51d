"""The minutes (biên bản) of the year-end meeting: the PDF renderer (run by core's background task).

Document text is Vietnamese whatever the interface language (Decree 30/2020); the rules' reasons are
translated, and core renders under the site's language (Vietnamese).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from awards.calculations import Candidacy, Rule, vote_base
from awards.documents.names import AWARD_NAMES
from awards.enums import MINUTES_KIND, AwardKind, BallotForm, LeadershipMethod, VoteMethod
from awards.models import Ballot, Meeting, MeetingSession
from awards.selectors import meetings as meeting_selectors
from awards.selectors import minutes as minutes_selectors
from awards.selectors.ballots import round_notes, threshold_of
from core.documents import DocumentHeader, Rendered, Signature, draft_header, issued_header, renderer
from core.pdf import render_pdf
from core.services import issued_document_of
from scoring.presenters import ranked_rows
from scoring.selectors.sheets import year_names

MINUTES_METHODS = {
    VoteMethod.ELECTRONIC: "bỏ phiếu kín điện tử",
    VoteMethod.PAPER: "bỏ phiếu kín bằng phiếu giấy",
}
MINUTES_FORMS = {
    BallotForm.YES_NO: "đồng ý hoặc không đồng ý với từng đơn vị",
    BallotForm.CHOOSE: "chọn tối đa {n} đơn vị",
}
MINUTES_LEADERSHIP = {
    LeadershipMethod.BALLOT: "bỏ phiếu kín",
    LeadershipMethod.AGREEMENT: "hiệp thương thống nhất",
    LeadershipMethod.SHOW_OF_HANDS: "biểu quyết giơ tay",
}
MINUTES_STYLESHEETS = ("core/decree30.css", "awards/minutes_pdf.css")


@renderer(MINUTES_KIND, permission="awards.view_minutes")
def minutes_pdf(meeting: Meeting) -> Rendered:
    """The minutes of the year-end meeting; "DỰ THẢO" with a blank number and date until issued."""
    meeting = Meeting.objects.select_related("bloc_year__bloc__province", "bloc_year__rule", "leading_unit").get(
        pk=meeting.pk
    )
    context = minutes_context(meeting)
    filename = f"bien-ban-hoi-nghi-{meeting.bloc_year.year}-khoi-{meeting.bloc_year.bloc_id}.pdf"
    return Rendered(render_pdf("awards/documents/minutes.html", context, stylesheets=MINUTES_STYLESHEETS), filename)


def minutes_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes print, from the meeting's records (DOMAIN §7 "Minutes record ...")."""
    bloc_year = meeting.bloc_year
    ranked = ranked_rows(bloc_year)
    ranks = {row.unit_id: (row.rank, row.final_total) for row in ranked}
    names = year_names(meeting_selectors.units_of_year(bloc_year).values_list("pk", flat=True), bloc_year.year)
    ballots = minutes_selectors.counted_ballots(meeting)
    session = minutes_selectors.closing_session(meeting)
    return {
        **_minutes_head(meeting, session),
        "year": bloc_year.year,
        "bloc_name": bloc_year.bloc.name,
        "sessions": [_session_text(s, names) for s in meeting_selectors.sessions_of(meeting)],
        "scores": [(row.rank, row.unit_name, _decimal(row.final_total)) for row in ranked],
        "scores_approved": meeting.scores_approved_at is not None,
        "leading_unit": names.get(meeting.leading_unit_id or 0, ""),
        "candidacies": [
            candidacy_text(c) for c in meeting_selectors.candidacies(bloc_year, meeting=meeting, ranks=ranks)
        ],
        "committee": minutes_selectors.counting_committee(meeting),
        "ballots": [_ballot_text(b, names) for b in ballots],
        "leadership": _leadership_text(meeting, bloc_year.year),
        "conclusions": _conclusions(ballots, names),
    }


def _minutes_head(meeting: Meeting, session: MeetingSession | None) -> dict[str, Any]:
    """Header and the two signatures: the secretary on the left (THƯ KÝ), the chair on the right (DOMAIN §9)."""
    bloc_year = meeting.bloc_year
    text = {
        "type_name": "BIÊN BẢN",
        "summary": f"Hội nghị tổng kết, bình xét thi đua năm {bloc_year.year} của {bloc_year.bloc.name}",
    }
    issued = issued_document_of(meeting, kind=MINUTES_KIND)
    if issued is not None:
        header: DocumentHeader = issued_header(issued, **text)
        chair = Signature(authority="", title=issued.signer_title, name=issued.signer_name)
        secretary = Signature(authority="", title="THƯ KÝ", name=meeting.minutes_secretary_name)
        return {"header": header, "chair": chair, "secretary": secretary}
    bloc = bloc_year.bloc
    header = draft_header(
        superior=bloc.province.people_committee,
        issuer=bloc.name.upper(),
        type_code="BB",
        issuer_code=bloc.abbreviation,
        place=bloc.province.name,
        **text,
    )
    chair = Signature(authority="", title="CHỦ TRÌ", name=session.chair_name if session else "")
    secretary = Signature(authority="", title="THƯ KÝ", name=session.secretary_name if session else "")
    return {"header": header, "chair": chair, "secretary": secretary}


@dataclass(frozen=True)
class SessionText:
    when: str
    place: str
    chair: str
    secretary: str
    present: list[tuple[str, str]] = field(default_factory=list)  # (unit, "representative, title")
    absent: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)


def _session_text(session: MeetingSession, names: dict[int, str]) -> SessionText:
    hour = f"{session.starts_at:%H} giờ {session.starts_at:%M}, " if session.starts_at else ""
    attendances = list(session.attendances.all())
    return SessionText(
        when=f"{hour}ngày {session.held_on:%d/%m/%Y}",
        place=session.place,
        chair=f"{session.chair_name}, {session.chair_title}",
        secretary=f"{session.secretary_name}, {session.secretary_title}",
        present=[
            (names.get(a.unit_id, a.unit.name), _joined(a.representative_name, a.representative_title))
            for a in attendances
            if a.present
        ],
        absent=[names.get(a.unit_id, a.unit.name) for a in attendances if not a.present],
        guests=[_joined(g.name, g.title, g.organisation) for g in session.guests.all()],
    )


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def candidacy_text(candidacy: Candidacy) -> dict[str, Any]:
    """One award: who stands, every unit left out with its reasons (those that only did not register, on
    one line), every override with its written reason. Each reason names its unit."""
    only_unregistered = [item for item in candidacy.left_out if item.rules == (Rule.NOT_REGISTERED,)]
    return {
        "award": AWARD_NAMES[AwardKind(candidacy.award.kind)],
        "candidates": [unit.name for unit in candidacy.candidates],
        "left_out": [" ".join(item.reasons) for item in candidacy.left_out if item not in only_unregistered],
        "not_registered": [item.unit.name for item in only_unregistered],
        "overrides": [(note.unit.name, " ".join(note.lifted), note.reason) for note in candidacy.overrides],
    }


@dataclass(frozen=True)
class BallotRow:
    name: str
    votes: int
    percent: str
    outcome: str


def _ballot_text(ballot: Ballot, names: dict[int, str]) -> dict[str, Any]:
    """One round: how it was held, the ballots counted, each candidate's votes and share, who is elected."""
    result: dict[str, Any] = ballot.result or {}
    base = _base(ballot, result)
    elected, passing, next_round = (set(result.get(key, [])) for key in ("elected", "passing", "next_round"))
    votes = {int(unit_id): count for unit_id, count in result.get("votes", {}).items()}
    rows = [
        BallotRow(
            names.get(entry.unit_id, ""),
            votes.get(entry.unit_id, 0),
            _percent(votes.get(entry.unit_id, 0), base),
            _outcome(entry.unit_id, elected, passing, next_round),
        )
        for entry in ballot.entries.all()
    ]
    return {
        "award": AWARD_NAMES[AwardKind(ballot.award)],
        "round": ballot.round_number,
        "method": MINUTES_METHODS.get(VoteMethod(ballot.method), ballot.method),
        "form": MINUTES_FORMS[BallotForm(ballot.form)].format(n=ballot.max_choices or ""),
        "counts": _counts(ballot, result),
        "base": base,
        "rows": sorted(rows, key=lambda row: (-row.votes, row.name)),
        "notes": round_notes(ballot),
        "digest": ballot.digest if ballot.method == VoteMethod.ELECTRONIC else "",
    }


def _base(ballot: Ballot, result: dict[str, Any]) -> int:
    """What the shares are counted on: the bloc's threshold base (all members, or those present)."""
    members, present = result.get("members", 0), result.get("present", 0)
    if members < 1:
        return 0
    return vote_base(members=members, present=present, denominator=threshold_of(ballot.meeting.bloc_year).denominator)


def _counts(ballot: Ballot, result: dict[str, Any]) -> dict[str, int]:
    """Ballots issued, returned, valid, invalid. Electronic: every member present may vote (issued), each
    participation is a returned and valid ballot, none is invalid."""
    if ballot.method == VoteMethod.PAPER:
        paper = getattr(ballot, "paper_count", None)
        keys = ("issued", "returned", "valid", "invalid")
        if all(key in result for key in keys):
            return {key: result[key] for key in keys}
        if paper is not None:
            return {key: getattr(paper, key) for key in keys}
    cast = result.get("ballots", 0)
    return {"issued": result.get("present", 0), "returned": cast, "valid": cast, "invalid": 0}


def _outcome(unit_id: int, elected: set[int], passing: set[int], next_round: set[int]) -> str:
    if unit_id in elected:
        return "Trúng cử"
    if unit_id in next_round:
        return "Vào vòng bỏ phiếu tiếp theo"
    if unit_id in passing:
        return "Đạt ngưỡng, không trúng cử do hết chỉ tiêu"
    return "Không đạt"


def _percent(votes: int, base: int) -> str:
    """``66,67%``: two decimals, the Vietnamese decimal comma."""
    if base < 1:
        return "—"
    share = (Decimal(votes) * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{share}%".replace(".", ",")


def _decimal(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")


def _leadership_text(meeting: Meeting, year: int) -> dict[str, Any] | None:
    recorded = meeting_selectors.next_leadership_of(meeting)
    if recorded is None:
        return None
    deputies = list(recorded.deputies.all())
    names = year_names([recorded.head_id, *(d.pk for d in deputies)], year)
    return {
        "next_year": year + 1,
        "head": names.get(recorded.head_id, recorded.head.name),
        "deputies": [names.get(d.pk, d.name) for d in deputies],
        "method": MINUTES_LEADERSHIP.get(LeadershipMethod(recorded.method), recorded.method),
    }


def _conclusions(ballots: list[Ballot], names: dict[int, str]) -> list[tuple[str, list[str]]]:
    """Per award, in ballot order, the units elected over all its rounds: whom the bloc proposes."""
    elected: dict[str, list[str]] = {}
    for ballot in ballots:
        award = AWARD_NAMES[AwardKind(ballot.award)]
        chosen = elected.setdefault(award, [])
        chosen += [names.get(unit_id, "") for unit_id in (ballot.result or {}).get("elected", [])]
    return list(elected.items())
