"""Page assembly of the bloc's proposal page."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from awards.enums import ProposalAction, ProposalStatus
from awards.forms.proposals import AchievementUploadForm
from awards.models import AchievementReport, Proposal, ProposalItem
from awards.presenters.review import review_context
from awards.selectors import proposals as selectors
from awards.transitions import PROPOSAL
from core.models import User
from core.selectors import history_for
from core.transitions import Option
from scoring.selectors.sheets import year_name, year_names

Viewer = User | AnonymousUser


@dataclass(frozen=True)
class ItemRow:
    item: ProposalItem
    name: str
    problems: list[str]


@dataclass(frozen=True)
class AchievementRow:
    report: AchievementReport
    name: str


@dataclass(frozen=True)
class Button:
    action: str
    label: str
    allowed: bool
    missing: list[str]


def proposal_page(user: Viewer, proposal: Proposal) -> dict[str, Any]:
    """The dossier: its items with rank, score, votes, the eligibility problems on the check day and the
    appraisal; the secretariat's buttons; the return reason while returned; the timeline."""
    day = check_day(proposal)
    items = selectors.items_of(proposal)
    problems = selectors.problems_by_item(proposal, on=day)
    names = year_names([item.unit_id for item in items], proposal.bloc_year.year)
    editable = proposal.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)
    return {
        "proposal": proposal,
        "bloc_year": proposal.bloc_year,
        "rows": [ItemRow(item, names.get(item.unit_id, item.unit.name), problems.get(item.pk, [])) for item in items],
        "check_day": day,
        "achievements": [
            AchievementRow(r, names.get(r.unit_id, r.unit.name)) for r in selectors.achievement_reports_of(proposal)
        ],
        "can_change": user.has_perm("awards.change_proposal", proposal),
        "show_problems": editable,
        "submit": _submit_button(user, selectors.with_problems(proposal, on=day, problems=problems)),
        "history": history_for(proposal),
        **_review(user, proposal),
    }


def achievement_page(report: AchievementReport) -> dict[str, Any]:
    """The edit page's extras beside the text form: the unit's name that year, the upload form and the proposal."""
    return {
        "report": report,
        "proposal": report.proposal,
        "unit_name": year_name(report.unit, report.proposal.bloc_year.year),
        "upload_form": AchievementUploadForm(),
    }


def _review(user: Viewer, proposal: Proposal) -> dict[str, Any]:
    """The council office's review section, once the dossier is submitted, for those who run reviews."""
    if proposal.status == ProposalStatus.DRAFT or not user.has_perm("awards.view_proposal_list"):
        return {}
    return review_context(user, proposal)


def check_day(proposal: Proposal):
    """The day eligibility is re-checked on: today while the secretariat may still (re)submit, else the
    day of submission."""
    if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED) or proposal.submitted_on is None:
        return timezone.localdate()
    return proposal.submitted_on


def _submit_button(user: Viewer, probe: Proposal) -> Button | None:
    # The guards re-check eligibility on ``submitted_on``: ``probe`` is a copy submitted on the check day, its
    # problems already read for the page.
    options: list[Option] = [o for o in PROPOSAL.options(user, probe) if o.action == ProposalAction.SUBMIT]
    if not options or not options[0].allowed:
        return None
    option = options[0]
    return Button(option.action, str(ProposalAction(option.action).label), option.allowed, option.missing)
