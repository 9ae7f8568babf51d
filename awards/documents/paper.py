"""The paper ballot's documents: the ballot papers (phiếu bầu) and the vote-count minutes (biên bản kiểm phiếu).

Document text is Vietnamese whatever the interface language (Decree 30/2020).
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from awards.calculations import vote_base
from awards.documents.names import AWARD_NAMES
from awards.enums import PAPER_BALLOTS_KINDS, VOTE_COUNT_MINUTES_KIND, AwardKind, BallotForm
from awards.models import Ballot
from awards.selectors import paper as paper_selectors
from awards.selectors.ballots import last_session, threshold_of
from blocs.enums import VoteDenominator
from core.documents import Rendered, issued_header, renderer
from core.pdf import render_pdf
from core.services import issued_document_of

PAPER_STYLESHEETS = ("awards/paper_ballots.css",)

# --- The ballot papers (phiếu bầu) ------------------------------------------------------------


def _paper_renderer(per_page: int):
    def render(ballot: Ballot) -> Rendered:
        context = paper_ballots_context(ballot, per_page=per_page, count=paper_selectors.member_count(ballot))
        content = render_pdf("awards/documents/paper_ballots.html", context, stylesheets=PAPER_STYLESHEETS)
        return Rendered(
            content, f"phieu-bau-{ballot.meeting.bloc_year.year}-{ballot.award}-vong-{ballot.round_number}.pdf"
        )

    return render


for _per_page, _kind in PAPER_BALLOTS_KINDS.items():
    renderer(_kind, permission="awards.print_paper_ballots")(_paper_renderer(_per_page))


def paper_ballots_context(ballot: Ballot, *, per_page: int, count: int) -> dict[str, Any]:
    """``count`` numbered papers ("Số: 001/009"), grouped ``per_page`` to an A4 page, each with the whole ballot."""
    bloc_year = ballot.meeting.bloc_year
    width = max(3, len(str(count)))
    serials = [f"{n:0{width}d}/{count:0{width}d}" for n in range(1, count + 1)]
    return {
        "bloc": bloc_year.bloc,
        "year": bloc_year.year,
        "award": AWARD_NAMES[AwardKind(ballot.award)],
        "ballot": ballot,
        "yes_no": ballot.form == BallotForm.YES_NO,
        "candidates": paper_selectors.paper_candidates(ballot),
        "per_page": per_page,
        "pages": [serials[start : start + per_page] for start in range(0, count, per_page)],
    }


# --- The minutes of the count (biên bản kiểm phiếu) -------------------------------------------------


@renderer(VOTE_COUNT_MINUTES_KIND, permission="awards.view_ballot_result")
def vote_count_minutes_pdf(ballot: Ballot) -> Rendered:
    content = render_pdf("awards/documents/vote_count_minutes.html", vote_count_minutes_context(ballot))
    return Rendered(content, f"bien-ban-kiem-phieu-{ballot.award}-vong-{ballot.round_number}.pdf")


def vote_count_minutes_context(ballot: Ballot) -> dict[str, Any]:
    """The minutes as numbered when the count was recorded: the committee, the figures, each candidate's votes
    and share of the threshold's base, and the conclusion of the round."""
    issued = issued_document_of(ballot, kind=VOTE_COUNT_MINUTES_KIND)
    if issued is None:
        raise ValueError(f"ballot {ballot.pk} has no recorded paper count")
    award = AWARD_NAMES[AwardKind(ballot.award)]
    result, names = ballot.result or {}, {c.unit_id: c.name for c in paper_selectors.paper_candidates(ballot)}
    committee = paper_selectors.committee_of(ballot.meeting)
    return {
        "header": issued_header(issued, type_name="BIÊN BẢN KIỂM PHIẾU", summary=f"Bầu chọn đề nghị tặng {award}"),
        "ballot": ballot,
        "award": award,
        "session": last_session(ballot.meeting),
        "bloc": ballot.meeting.bloc_year.bloc,
        "committee": committee,
        "count": paper_selectors.paper_count_of(ballot),
        **_votes(ballot, result, names),
        "elected": [names[i] for i in result.get("elected", [])],
        "next_round": [names[i] for i in result.get("next_round", [])],
        "head": next((m for m in committee if m.is_head), None),
        "members": [m for m in committee if not m.is_head],
    }


def _votes(ballot: Ballot, result: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    threshold = threshold_of(ballot.meeting.bloc_year)
    base = vote_base(members=result["members"], present=result["present"], denominator=threshold.denominator)
    votes = result["votes"]
    rows = [(name, votes[str(unit_id)], _percent(votes[str(unit_id)], base)) for unit_id, name in names.items()]
    present = threshold.denominator == VoteDenominator.PRESENT
    return {
        "rows": rows,
        "base": base,
        "base_text": "đơn vị thành viên có mặt" if present else "đơn vị thành viên của khối",
        "threshold": f"{threshold.percent.normalize():f}".replace(".", ","),
        "strict": threshold.strict,
    }


def _percent(votes: int, base: int) -> str:
    share = (Decimal(votes) * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if base else Decimal(0)
    return f"{share:f}".replace(".", ",")
