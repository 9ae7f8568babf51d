"""Where the XSS battery puts its payloads: every free-text field of the forms, found by walking them, and
the model field each one is stored in.

A ModelForm's field is stored in its model's field of the same name. A plain form's field goes through a
service, so ``STORED_IN`` says where; a field a form adds in ``__init__`` (one per unit or row) is found in
the form's source and listed in ``DYNAMIC``. A new free-text field missing from these tables fails
``test_every_free_text_form_field_has_a_known_store`` with its name.
"""

import inspect
import re

from django import forms
from django.apps import apps
from django.db import IntegrityError, models, transaction

from blocs.enums import BlocYearStatus
from blocs.models import BlocYear
from blocs.services import reopen_bloc_year
from core.models import User
from core.services.audit import log_action
from scoring.forms.sheets import PointsField
from tests.formwalk import form_classes as walk_forms
from tests.formwalk import project_modules
from tests.security.xss_payloads import PAYLOADS, number_of, pack

# Every app of the project's own with a forms module (a new app's forms are walked without a change here).
FORM_MODULES = project_modules("forms")

# "module.Form.field" of a plain form → the "app.Model.field"s its service writes the text into.
STORED_IN = {
    "blocs.forms.EndMembershipForm.reason": ["blocs.Membership.left_reason"],
    "blocs.forms.RenameUnitForm.name": ["blocs.Unit.name", "blocs.UnitName.name"],
    "blocs.forms.RenameUnitForm.short_name": ["blocs.Unit.short_name", "blocs.UnitName.short_name"],
    "blocs.forms.RenameUnitForm.legal_basis": ["blocs.UnitName.legal_basis"],
    "blocs.forms.EndUnitForm.legal_basis": ["blocs.UnitSuccession.legal_basis", "blocs.Membership.left_reason"],
    "pledges.forms.commitments.PledgeForm.theme": ["pledges.PledgeVersion.theme", "blocs.BlocYear.theme"],
    "pledges.forms.commitments.PledgeForm.slogan": ["pledges.PledgeVersion.slogan", "blocs.BlocYear.slogan"],
    "pledges.forms.commitments.PledgeForm.plan_number": ["pledges.PledgeVersion.plan_number"],
    "pledges.forms.commitments.PledgeForm.preamble": ["pledges.PledgeVersion.preamble"],
    "pledges.forms.commitments.PledgeForm.change_note": ["pledges.PledgeVersion.change_note"],
    "pledges.forms.commitments.ClauseForm.content": ["pledges.PledgeClause.content"],
    "pledges.forms.commitments.ClauseForm.unit_of_measure": ["pledges.PledgeClause.unit_of_measure"],
    "pledges.forms.commitments.SignatureForm.signer_name": ["pledges.PledgeSignature.signer_name"],
    "pledges.forms.commitments.SignatureForm.signer_title": ["pledges.PledgeSignature.signer_title"],
    "pledges.forms.commitments.ReturnForm.reason": ["pledges.Registration.return_reason"],
    "pledges.forms.reports.ReturnReportForm.reason": ["pledges.UnitReport.return_reason"],
    "pledges.forms.reports.SubmitReportForm.signer_title": ["core.IssuedDocument.signer_title"],
    "pledges.forms.reports.SubmitReportForm.signer_name": ["core.IssuedDocument.signer_name"],
    "pledges.forms.reports.FindingForm.findings": ["pledges.InspectionFinding.findings"],
    "pledges.forms.reports.FindingForm.recommendations": ["pledges.InspectionFinding.recommendations"],
    "scoring.forms.schemes.SchemeItemForm.code": ["scoring.SchemeItem.code"],
    "scoring.forms.schemes.SchemeItemForm.text": ["scoring.SchemeItem.text"],
    "scoring.forms.schemes.SchemeItemForm.guidance": ["scoring.SchemeItem.guidance"],
    "scoring.forms.sheets.LineForm.note": ["scoring.ScoreLine.note"],
    "scoring.forms.sheets.LineForm.reason": ["scoring.ScoreLine.reason"],
    "scoring.forms.sheets.ReturnForm.comment": ["scoring.ScoreSheet.comment"],
    "scoring.forms.sheets.IssueSummaryForm.signer_authority": ["core.IssuedDocument.signer_authority"],
    "scoring.forms.sheets.IssueSummaryForm.signer_title": ["core.IssuedDocument.signer_title"],
    "scoring.forms.sheets.IssueSummaryForm.signer_name": ["core.IssuedDocument.signer_name"],
    "awards.forms.council.PlanSessionForm.place": ["awards.CouncilSession.place"],
    "awards.forms.council.PlanSessionForm.chair_name": ["awards.CouncilSession.chair_name"],
    "awards.forms.council.PlanSessionForm.chair_title": ["awards.CouncilSession.chair_title"],
    "awards.forms.council.PlanSessionForm.secretary_name": ["awards.CouncilSession.secretary_name"],
    "awards.forms.council.AttendanceForm.present_members": [
        "awards.CouncilAttendee.name",
        "awards.CouncilAttendee.title",
    ],
    "awards.forms.council.AttendanceForm.opinion_members": [
        "awards.CouncilAttendee.name",
        "awards.CouncilAttendee.title",
    ],
    "awards.forms.council.AttendanceForm.absent_members": [
        "awards.CouncilAttendee.name",
        "awards.CouncilAttendee.title",
    ],
    "awards.forms.decisions.IssueDecisionForm.signer_name": ["awards.AwardDecision.signer_name"],
    "awards.forms.decisions.RevokeItemForm.reason": ["awards.DecisionItem.revocation_reason"],
    "awards.forms.decisions.RevokeItemForm.basis": ["awards.DecisionItem.revocation_basis"],
    "awards.forms.meetings.OverrideForm.reason": ["awards.CandidateOverride.reason"],
    "awards.forms.proposals.SignerForm.signer_name": ["awards.Proposal.signer_name"],
    "awards.forms.proposals.SignerForm.signer_title": ["awards.Proposal.signer_title"],
    "awards.forms.proposals.AchievementReportForm.body": ["awards.AchievementReport.body"],
    "awards.forms.publication.PublicCommentForm.commenter": ["awards.PublicComment.commenter"],
    "awards.forms.publication.PublicCommentForm.text": ["awards.PublicComment.text"],
    "awards.forms.review.ReturnProposalForm.reason": ["awards.Proposal.return_reason"],
    "awards.forms.review.AppraisalForm.reason": ["awards.ProposalItem.appraisal_reason"],
    "awards.forms.review.ComplianceNoteForm.reference": ["awards.ComplianceNote.reference"],
    "awards.forms.review.ComplianceNoteForm.note": ["awards.ComplianceNote.note"],
}

# Free text a service keeps only in its audit entry (shown by the History panels): "module.Form.field" →
# (audit action code, the data key holding the text, the model of the entry's object).
AUDIT_ONLY = {
    "blocs.forms.ReopenYearForm.reason": ("blocs.bloc_year.reopened", "reason", "blocs.BlocYear"),
    "awards.forms.proposals.RemoveItemForm.reason": ("awards.proposal.item_removed", "reason", "awards.Proposal"),
    "twofactor.forms.ResetForm.reason": ("twofactor.device.reset", "reason", "core.User"),
}

# Free text that is never stored nor shown back, with why.
NOT_STORED = {
    "awards.forms.ballots.ReceiptForm.code": "a ballot receipt the voter types to check it; looked up, never shown",
    "twofactor.forms.CodeForm.code": "a one-time code checked against the authenticator, never kept",
    "twofactor.forms.EnrolForm.code": "a one-time code checked against the authenticator, never kept",
    "twofactor.forms.ReauthForm.code": "a one-time code checked against the authenticator, never kept",
    "twofactor.forms.ReauthForm.password": "checked against the password hash, never kept nor shown",
}

# Fields a form adds per unit or row in ``__init__`` (``self.fields[f"<prefix>{...}"]``) → their stores.
DYNAMIC = {
    "awards.forms.meetings.AttendanceForm.name_": ["awards.Attendance.representative_name"],
    "awards.forms.meetings.AttendanceForm.title_": ["awards.Attendance.representative_title"],
    "awards.forms.paper.CountingCommitteeForm.name_": ["awards.CountingMember.name"],
    "awards.forms.paper.CountingCommitteeForm.title_": ["awards.CountingMember.title"],
    "pledges.forms.commitments.PledgeForm.theme_": ["pledges.UnitTheme.theme"],
    "scoring.forms.sheets.ScoringSettingForm.band": ["scoring.ScoringSetting.bands"],
}

# Free text no form of ours edits but people type elsewhere (the Django admin's reference data, generated
# from a form's text) and the pages show: the names everybody sees, the award's criteria, a decision's lines.
ELSEWHERE = [
    "core.User.full_name",
    "blocs.Bloc.name",
    "blocs.Bloc.short_name",
    "blocs.Bloc.founding_decision",
    "blocs.Council.name",
    "blocs.Council.office_name",
    "blocs.CouncilOfficeName.name",
    "pledges.Title.name",
    "awards.AwardType.criteria",
    "awards.AwardType.note",
    "awards.DecisionItem.achievement",
    "awards.AwardDecision.summary",
    "awards.Meeting.minutes_secretary_name",
    "awards.Meeting.minutes_secretary_title",
]

# ``self.fields[f"name_{unit_id}"] = forms.CharField(`` → ("name_", "CharField").
_DYNAMIC_FIELD = re.compile(r"""self\.fields\[f["']([a-z_]*?)\{[^\]]*\]\s*=\s*(?:forms\.)?(\w+)\(""")


def form_classes() -> list[type[forms.BaseForm]]:
    return walk_forms(FORM_MODULES)


def _is_free_text(field: forms.Field) -> bool:
    # A points box is a number typed as text (parsed to Decimal); everything else CharField-like is free text.
    return isinstance(field, forms.CharField) and not isinstance(field, PointsField)


def free_text_fields() -> dict[str, list[str] | None]:
    """Every free-text form field ("module.Form.field") → the model fields it lands in; None if not known."""
    found: dict[str, list[str] | None] = {}
    for form in form_classes():
        label = f"{form.__module__}.{form.__name__}"
        model = getattr(getattr(form, "Meta", None), "model", None)
        for name, field in form.base_fields.items():
            if _is_free_text(field):
                stored = [f"{model._meta.label}.{name}"] if model is not None else STORED_IN.get(f"{label}.{name}")
                found[f"{label}.{name}"] = stored
        for prefix, kind in _DYNAMIC_FIELD.findall(inspect.getsource(form)):
            if issubclass(getattr(forms, kind, forms.Field), forms.CharField):
                found[f"{label}.{prefix}"] = DYNAMIC.get(f"{label}.{prefix}")
    return found


def unknown_fields() -> list[str]:
    """Free-text form fields with no store, no audit entry and no reason for being neither."""
    return sorted(
        name
        for name, stored in free_text_fields().items()
        if stored is None and name not in AUDIT_ONLY and name not in NOT_STORED
    )


def target_fields() -> list[models.Field]:
    """The model fields the battery writes its payloads into: every store of a form field, and ``ELSEWHERE``."""
    labels = {label for stored in free_text_fields().values() for label in stored or []} | set(ELSEWHERE)
    return sorted((model_field(label) for label in labels), key=lambda field: str(field))


def model_field(label: str) -> models.Field:
    app_model, name = label.rsplit(".", 1)
    return apps.get_model(app_model)._meta.get_field(name)


def inject(round_number: int, placed: dict[str, set[int]]) -> int:
    """Write payload slices into every row of every target field; returns how many values were written."""
    written = 0
    for index, field in enumerate(target_fields()):
        model, label = field.model, str(field)
        limit = None if isinstance(field, models.TextField) else field.max_length
        # Each field and round starts elsewhere in the corpus, so short single-row fields differ in what they hold.
        start = (round_number * 37 + index * 13) % len(PAYLOADS)
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True):
            numbers, start = _write(field, pk, start, limit)
            placed.setdefault(label, set()).update(numbers)
            written += 1
    return written


def _write(field, pk, start, limit) -> tuple[list[int], int]:
    """One row's slice; where the field is unique (a scheme item's code), the row's id keeps the texts apart."""
    rows = field.model._default_manager.filter(pk=pk)
    text, numbers, following = pack(start, limit)
    try:
        with transaction.atomic():
            rows.update(**{field.name: _value(field, text)})
    except IntegrityError:
        tag = f" {pk}"
        text, numbers, following = pack(start, limit and limit - len(tag))
        rows.update(**{field.name: text + tag})
    return numbers, following


def _value(field, text):
    """Bands are a JSON list: each band's label gets the text (its maximum length is the form's 100)."""
    if field.name != "bands":
        return text
    bands = field.model._meta.get_field("bands").get_default()
    return [{**band, "label": pack(number_of(text) - 100, 100)[0]} for band in bands]


def through_services(round_number: int, placed: dict[str, set[int]]) -> None:
    """The texts only an audit entry keeps: the reopen reason through its service, the others logged as theirs."""
    text, numbers, _ = pack(round_number * 11, 1000)
    closed = BlocYear.objects.filter(status=BlocYearStatus.CLOSED).first()
    admin = User.objects.get(username="admin")
    if closed is not None:
        reopen_bloc_year(closed, actor=admin, reason=text)
        placed.setdefault("ReopenYearForm.reason", set()).update(numbers)
    for name, (action, key, model_label) in AUDIT_ONLY.items():
        if action == "blocs.bloc_year.reopened":
            continue
        target = apps.get_model(model_label)._default_manager.first()
        log_action(target, actor=admin, action=action, data={key: text, "award": "", "unit": None})
        placed.setdefault(name, set()).update(numbers)
