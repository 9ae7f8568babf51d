"""Page assembly for the council office's review: the province's list and the review section of a proposal."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import QueryDict

from awards.enums import Appraisal, ProposalAction
from awards.forms.review import (
    AppraisalForm,
    AssignProposalForm,
    ComplianceNoteForm,
    ProposalFilterForm,
    ReturnProposalForm,
)
from awards.lateness import Deadline, due_on
from awards.models import Proposal, ProposalItem
from awards.selectors import review as selectors
from awards.services.review import submitted_late
from awards.transitions import PROPOSAL
from core.models import User
from scoring.selectors.sheets import year_names

Viewer = User | AnonymousUser

# The review's moves, in the order the section shows them (the secretariat's submit is not the office's).
REVIEW_ACTIONS = (
    ProposalAction.RECEIVE,
    ProposalAction.ASSIGN,
    ProposalAction.APPRAISE,
    ProposalAction.PLACE,
    ProposalAction.RETURN,
)


def proposal_list_page(
    user: Viewer, form: ProposalFilterForm, filters: selectors.ProposalFilter, params: QueryDict
) -> dict[str, Any]:
    """One page of 100 of the council office's proposals, filtered; ``query`` keeps the filters for the pager."""
    page = Paginator(selectors.province_proposals(user, filters), 100).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return {"form": form, "page": page, "query": query.urlencode()}


@dataclass(frozen=True)
class ItemRow:
    item: ProposalItem
    notes: list
    appraisal_form: AppraisalForm
    note_form: ComplianceNoteForm
    unit_name: str  # the unit as it was called in the proposal's year


def review_context(user: Viewer, proposal: Proposal) -> dict[str, Any]:
    """What ``awards/_proposal_review.html`` shows: the deadline and lateness, the review's moves the state
    allows (with the user's permission and what is missing), the forms and each item's appraisal and notes.
    Returned under one key, ``review``, so the proposal page can merge it into its own context."""
    province = proposal.bloc_year.bloc.province
    options = {option.action: option for option in PROPOSAL.options(user, proposal)}
    appraising = user.has_perm("awards.appraise_proposal", proposal)
    items = list(selectors.items_for_review(proposal))
    names = year_names([item.unit_id for item in items], proposal.bloc_year.year)
    rows = [
        ItemRow(item, list(item.compliance_notes.all()), _appraisal_form(item), note_form(item), names[item.unit_id])
        for item in items
    ]
    return {
        "review": {
            "proposal": proposal,
            "due_on": due_on(
                proposal.bloc_year.year, Deadline(province.proposal_deadline_day, province.proposal_deadline_month)
            ),
            "late": submitted_late(proposal),
            "options": [options[action] for action in REVIEW_ACTIONS if action in options],
            "can": {action.value: options[action].allowed for action in REVIEW_ACTIONS if action in options},
            "return_form": ReturnProposalForm(),
            "assign_form": AssignProposalForm(
                officers=selectors.office_officers(province), initial={"officer": proposal.assigned_to_id}
            ),
            "appraising": appraising,
            "rows": rows,
        }
    }


def _appraisal_form(item: ProposalItem) -> AppraisalForm:
    initial = {
        "finding": item.appraisal if item.appraisal != Appraisal.PENDING else None,
        "reason": item.appraisal_reason,
    }
    return AppraisalForm(initial=initial, prefix=appraisal_prefix(item))


def appraisal_prefix(item: ProposalItem) -> str:
    """Each item's form on the one page has its own field names (and ids); the view binds with the same."""
    return f"item-{item.pk}"


def note_form(item: ProposalItem, data: QueryDict | None = None) -> ComplianceNoteForm:
    return ComplianceNoteForm(data, prefix=f"note-{item.pk}")
