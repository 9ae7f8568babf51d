"""The secretariat's side of the bloc's proposal (hồ sơ đề nghị khen thưởng, DOMAIN §8): creating it from the
meeting's results, removing an item, naming the signer, the proposed units' achievement reports, and
submitting it to the council office."""

import datetime
import unicodedata
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import AwardKind, ProposalAction, ProposalStatus
from awards.models import AchievementReport, Meeting, Proposal, ProposalItem
from awards.selectors import proposals as selectors
from awards.selectors.meetings import bloc_rules_of, ranks_of
from awards.selectors.proposals import eligibility_problems as eligibility_problems
from awards.transitions import PROPOSAL
from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.selectors import bloc_issue, council_office_name
from blocs.services import ensure_year_open
from core.documents import Issue
from core.exceptions import DomainError, RefusedTransition
from core.models import User
from core.services import issue_document, log_action, notify, records_refusals
from pledges.calculations import document_sections
from pledges.enums import REPORT_SECTIONS, ReportKind
from pledges.models import UnitReport

PROPOSAL_KIND = "awards.proposal"
ACHIEVEMENT_KIND = "awards.achievement_report"
# The proposal is drawn up once the meeting's minutes are issued (DOMAIN §4 steps 7–8: the dossier
# carries the minutes with the ballot's result, Law 06/2022 Art. 84). The minutes are issued while
# the year is "ready for review" and are required to reach "reviewed", so both states qualify.
PROPOSAL_STATUSES = frozenset({BlocYearStatus.READY_FOR_REVIEW, BlocYearStatus.REVIEWED})
EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})


@records_refusals
@transaction.atomic
def create_proposal(bloc_year: BlocYear, *, actor: User) -> Proposal:
    """Create the bloc-year's proposal from its meeting: one item per unit a tallied round elected.

    In order: lock the bloc-year; refuse a closed year, a year not at "ready for review" or
    "reviewed", a meeting whose minutes are not issued, a second proposal for the year, a meeting
    that elected nobody, more units for a flag than the bloc's flag quota; create the proposal and
    its items (rank and final score from the approved score summary, votes and share of the deciding
    round) and each proposed unit's draft achievement report; audit awards.proposal.created.
    """
    bloc_year = BlocYear.objects.select_for_update(of=("self",)).select_related("rule").get(pk=bloc_year.pk)
    ensure_year_open(bloc_year)
    if bloc_year.status not in PROPOSAL_STATUSES:
        raise RefusedTransition(_("The proposal is drawn up once the year-end meeting has reviewed the year."))
    meeting = Meeting.objects.filter(bloc_year=bloc_year).first()
    if meeting is None or meeting.minutes_issued_on is None:
        raise DomainError(_("Issue the minutes of the year-end meeting before drawing up the proposal."))
    if Proposal.objects.filter(bloc_year=bloc_year).exists():
        raise DomainError(
            _("%(bloc_year)s already has its proposal: a bloc proposes once a year.") % {"bloc_year": bloc_year}
        )
    elected = selectors.elected_units(meeting)
    _check_elected(elected, quota=bloc_rules_of(bloc_year).flag_quota)
    proposal = Proposal.objects.create(bloc_year=bloc_year, meeting=meeting, created_by=actor)
    ranks = ranks_of(bloc_year)
    ProposalItem.objects.bulk_create(_item(proposal, row, ranks) for row in elected)
    draft_achievement_reports(proposal)
    data = {"count": len(elected), "proposed": [[row.award, row.unit_id] for row in elected]}
    log_action(proposal, actor=actor, action="awards.proposal.created", data=data)
    return proposal


def _check_elected(elected: list[selectors.Elected], *, quota: int) -> None:
    if not elected:
        raise DomainError(_("The meeting elected nobody: there is no award to propose."))
    counts = selectors.flag_counts([(row.award, row.unit_id) for row in elected])
    for award, count in counts.items():
        if count > quota:
            raise DomainError(
                _("The bloc's rules allow %(quota)s proposal(s) for %(award)s; the meeting elected %(count)s.")
                % {"quota": quota, "award": AwardKind(award).label, "count": count}
            )


def _item(
    proposal: Proposal, row: selectors.Elected, ranks: dict[int, tuple[int | None, Decimal | None]]
) -> ProposalItem:
    rank, total = ranks.get(row.unit_id, (None, None))
    return ProposalItem(
        proposal=proposal,
        award=row.award,
        unit_id=row.unit_id,
        rank=rank,
        total=total,
        ballot=row.ballot,
        votes=row.votes,
        vote_percent=row.percent,
    )


@records_refusals
@transaction.atomic
def remove_item(item: ProposalItem, *, actor: User, reason: str) -> Proposal:
    """Take a proposed award out of the dossier, with the secretariat's written reason.

    In order: lock the proposal; refuse a closed year, a proposal that is neither a draft nor
    returned, a blank reason; delete the item; audit awards.proposal.item_removed (award, unit, reason).
    """
    proposal = _locked(item.proposal_id)
    _check_editable(proposal)
    reason = unicodedata.normalize("NFC", reason.strip())
    if not reason:
        raise DomainError(_("Write the reason for removing the proposed award."))
    item = proposal.items.select_related("unit").get(pk=item.pk)
    data = {"award": item.award, "unit": item.unit_id, "reason": reason}
    item.delete()
    log_action(proposal, actor=actor, action="awards.proposal.item_removed", data=data)
    return proposal


@records_refusals
@transaction.atomic
def update_signer(proposal: Proposal, *, actor: User, signer_name: str, signer_title: str) -> Proposal:
    """Name who signs the cover submission: the head of the bloc-head unit, on the bloc's behalf (DOMAIN §8).

    In order: lock the proposal; refuse a closed year, a proposal that is neither a draft nor
    returned; store the name and title (NFC); audit awards.proposal.signer (before and after).
    """
    proposal = _locked(proposal.pk)
    _check_editable(proposal)
    before = {"name": proposal.signer_name, "title": proposal.signer_title}
    proposal.signer_name = unicodedata.normalize("NFC", signer_name.strip())
    proposal.signer_title = unicodedata.normalize("NFC", signer_title.strip())
    proposal.save(update_fields=["signer_name", "signer_title"])
    after = {"name": proposal.signer_name, "title": proposal.signer_title}
    log_action(proposal, actor=actor, action="awards.proposal.signer", data={"before": before, "after": after})
    return proposal


@records_refusals
@transaction.atomic
def submit_proposal(proposal: Proposal, *, actor: User, submitted_on: datetime.date) -> Proposal:
    """Submit the dossier to the council office, first time or after a return.

    In order: lock the proposal; refuse a closed year; submitted already is a no-op; refuse a day
    before the minutes; refuse what ``PROPOSAL`` refuses for the submit move (state, no item, no
    signer, over the flag quota, an item with an eligibility problem on ``submitted_on``); draw the
    bloc's TTr number (kept on resubmission: the document is issued once); store the status and the
    day; audit awards.proposal.submitted; after commit, tell the province's council office officers.
    """
    proposal = _locked(proposal.pk)
    ensure_year_open(proposal.bloc_year)
    if proposal.status == ProposalStatus.SUBMITTED:
        return proposal
    minutes_day = proposal.meeting.minutes_issued_on
    if minutes_day is not None and submitted_on < minutes_day:
        raise DomainError(
            _("The proposal cannot be dated before the minutes (%(day)s).") % {"day": minutes_day.strftime("%d/%m/%Y")}
        )
    resubmitted = proposal.status == ProposalStatus.RETURNED
    proposal.submitted_on = submitted_on  # the guards re-check eligibility on this day
    PROPOSAL.check(proposal, ProposalAction.SUBMIT)
    issued = issue_document(proposal, kind=PROPOSAL_KIND, issue=proposal_issue(proposal, submitted_on), actor=actor)
    proposal.number, proposal.status = issued.number, ProposalStatus.SUBMITTED
    proposal.save(update_fields=["number", "status", "submitted_on"])
    data = {"number": issued.number_text, "submitted_on": submitted_on, "resubmitted": resubmitted}
    log_action(proposal, actor=actor, action="awards.proposal.submitted", data=data)
    _notify_office_after_commit(proposal, issued.number_text, resubmitted=resubmitted)
    return proposal


def proposal_issue(proposal: Proposal, issued_on: datetime.date) -> Issue:
    """The cover submission's header: the bloc's TTr series, signed for the bloc by its head (DOMAIN §8, §9)."""
    bloc = proposal.bloc_year.bloc
    return bloc_issue(
        bloc,
        type_code="TTr",
        issued_on=issued_on,
        recipients=[council_office_name(bloc.province, on=issued_on)],
        signer_authority=f"TM. {bloc.kind_word} THI ĐUA",
        signer_title=f"TRƯỞNG {bloc.kind_word}",
        signer_name=proposal.signer_name,
    )


def _locked(pk: int) -> Proposal:
    related = ("bloc_year__bloc__province", "bloc_year__rule", "meeting")
    return Proposal.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def _check_editable(proposal: Proposal) -> None:
    ensure_year_open(proposal.bloc_year)
    if proposal.status not in EDITABLE:
        raise RefusedTransition(
            _("A proposal that is %(status)s cannot be changed.") % {"status": proposal.get_status_display().lower()}
        )


def _notify_office_after_commit(proposal: Proposal, number: str, *, resubmitted: bool) -> None:
    users = list(selectors.office_officers(proposal.bloc_year.bloc.province_id))
    values = {"bloc_year": proposal.bloc_year, "number": number}
    if resubmitted:
        text = _("%(bloc_year)s resubmitted its proposal (No. %(number)s).") % values
    else:
        text = _("%(bloc_year)s submitted its proposal (No. %(number)s).") % values
    url = proposal.get_absolute_url()
    transaction.on_commit(lambda: [notify(user, text=text, url=url) for user in users])


# --- The proposed units' achievement reports (báo cáo thành tích, Law 06/2022 Art. 84) ---------------


def draft_achievement_reports(proposal: Proposal) -> list[AchievementReport]:
    """Create the missing achievement report of each proposed unit, its text drafted from the unit's annual
    report of the year (an empty text when the unit filed none). Idempotent; no audit entry of its own: the
    caller's (the proposal's creation) covers it. Returns the reports created."""
    unit_ids = set(proposal.items.values_list("unit_id", flat=True))
    unit_ids -= set(proposal.achievement_reports.values_list("unit_id", flat=True))
    annual = UnitReport.objects.filter(bloc_year_id=proposal.bloc_year_id, kind=ReportKind.ANNUAL, unit_id__in=unit_ids)
    by_unit = {report.unit_id: report for report in annual}
    drafts = [drafted_achievement_report(proposal, unit_id, by_unit.get(unit_id)) for unit_id in sorted(unit_ids)]
    return AchievementReport.objects.bulk_create(drafts)


def drafted_achievement_report(proposal: Proposal, unit_id: int, annual: UnitReport | None) -> AchievementReport:
    """An unsaved achievement report of ``unit_id`` whose text is ``annual``'s sections, each under its
    numbered heading (pledges.calculations.document_sections), one paragraph a line."""
    if annual is None:
        return AchievementReport(proposal=proposal, unit_id=unit_id)
    sections = document_sections([(name, getattr(annual, name)) for name in REPORT_SECTIONS])
    body = "\n".join("\n".join([heading, *(text for text, _sub in paragraphs)]) for heading, paragraphs in sections)
    return AchievementReport(proposal=proposal, unit_id=unit_id, body=body, drafted_from=annual)


@records_refusals
@transaction.atomic
def edit_achievement_report(report: AchievementReport, *, actor: User, body: str) -> AchievementReport:
    """Replace the text of a proposed unit's achievement report.

    In order: lock the proposal; refuse a closed year, a proposal that is neither a draft nor returned,
    a blank text; store the text (NFC, Word's line ends made plain), who edited it and when; audit
    awards.proposal.achievement_edited (the unit, the length before and after).
    """
    report = _locked_report(report)
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n").strip())
    if not body:
        raise DomainError(_("Write the text of the achievement report, or upload the signed report as a PDF."))
    data = {"unit": report.unit_id, "before": {"characters": len(report.body)}, "after": {"characters": len(body)}}
    report.body = body
    _touch(report, actor, ["body"])
    log_action(report.proposal, actor=actor, action="awards.proposal.achievement_edited", data=data)
    return report


@records_refusals
@transaction.atomic
def upload_achievement_report(
    report: AchievementReport, *, actor: User, uploaded_file: "UploadedFile[Any]"
) -> AchievementReport:
    """Store the signed achievement report as a PDF (checked by core.files.validate_attachment first); it
    stands in the dossier instead of the text.

    In order: lock the proposal; refuse a closed year, a proposal that is neither a draft nor returned, a
    file that is not a PDF; save the file (the one it replaces is deleted once committed); audit
    awards.proposal.achievement_uploaded (the unit, the file's name and size).
    """
    report = _locked_report(report)
    name = uploaded_file.name or ""
    if not name.lower().endswith(".pdf"):
        raise DomainError(_("Upload the signed achievement report as a PDF file."))
    _delete_after_commit(report)
    report.original_name = name[:255]
    report.file.save(name, uploaded_file, save=False)
    _touch(report, actor, ["file", "original_name"])
    data = {"unit": report.unit_id, "file": report.original_name, "size": uploaded_file.size or 0}
    log_action(report.proposal, actor=actor, action="awards.proposal.achievement_uploaded", data=data)
    return report


@records_refusals
@transaction.atomic
def remove_achievement_upload(report: AchievementReport, *, actor: User) -> AchievementReport:
    """Take the uploaded PDF off an achievement report: the dossier prints its text again.

    In order: lock the proposal; refuse a closed year, a proposal that is neither a draft nor returned, a
    report without an upload; clear the file (deleted once committed); audit
    awards.proposal.achievement_upload_removed (the unit, the file's name).
    """
    report = _locked_report(report)
    if not report.file:
        raise DomainError(_("The achievement report has no uploaded file."))
    data = {"unit": report.unit_id, "file": report.original_name}
    _delete_after_commit(report)
    report.file, report.original_name = "", ""
    _touch(report, actor, ["file", "original_name"])
    log_action(report.proposal, actor=actor, action="awards.proposal.achievement_upload_removed", data=data)
    return report


def _locked_report(report: AchievementReport) -> AchievementReport:
    # The proposal's row is the lock every edit of the dossier takes (its status decides what may change).
    proposal = _locked(report.proposal_id)
    _check_editable(proposal)
    locked = AchievementReport.objects.select_related("unit").get(pk=report.pk)
    locked.proposal = proposal
    return locked


def _touch(report: AchievementReport, actor: User, fields: list[str]) -> None:
    report.edited_by, report.edited_at = actor, timezone.now()
    report.save(update_fields=[*fields, "edited_by", "edited_at"])


def _delete_after_commit(report: AchievementReport) -> None:
    name, storage = report.file.name, report.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
