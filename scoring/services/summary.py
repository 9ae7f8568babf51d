"""Issuing the bloc's score summary (bảng tổng hợp điểm) as a numbered Decree 30 report."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from blocs.models import BlocYear
from blocs.selectors import bloc_issue, council_office_name, current_member_units
from core.exceptions import DomainError
from core.models import IssuedDocument, User
from core.services import issue_document, issued_document_of
from scoring.enums import SUMMARY_KIND, Stage
from scoring.models import ScoreSheet


def summary_recipients(bloc_year: BlocYear, *, on: datetime.date) -> list[str]:
    """The summary's "Nơi nhận" on ``on`` (document text: Vietnamese whatever the interface language)."""
    bloc = bloc_year.bloc
    return [council_office_name(bloc.province, on=on), "Các đơn vị thành viên", f"Lưu: VT, {bloc.abbreviation}"]


@transaction.atomic
def issue_score_summary(
    bloc_year: BlocYear,
    *,
    actor: User | None,
    issued_on: datetime.date,
    signer_authority: str,
    signer_title: str,
    signer_name: str,
) -> IssuedDocument:
    """Issue the year's score summary: it takes the bloc's next BC number of the issue year (Decree 30).

    Refused until every current member's approved scores are locked, so the issued table never
    changes afterwards. A second call returns the document already issued. Side effects in order:
    number drawn from the locked counter, the issue stored, audit entry (core.document.issued).
    """
    bloc_year = BlocYear.objects.select_for_update().select_related("bloc__province").get(pk=bloc_year.pk)
    issued = issued_document_of(bloc_year, kind=SUMMARY_KIND)
    if issued is not None:
        return issued
    if not signer_name.strip() or not signer_title.strip():
        raise DomainError(_("Give the title and the full name of the person who signs the summary."))
    if _unlocked_members(bloc_year):
        raise DomainError(_("Lock every unit's approved scores before issuing the summary."))
    issue = bloc_issue(
        bloc_year.bloc,
        type_code="BC",
        issued_on=issued_on,
        recipients=summary_recipients(bloc_year, on=issued_on),
        signer_authority=signer_authority.strip().upper(),
        signer_title=signer_title.strip().upper(),
        signer_name=signer_name.strip(),
    )
    return issue_document(bloc_year, kind=SUMMARY_KIND, issue=issue, actor=actor)


def _unlocked_members(bloc_year: BlocYear) -> bool:
    members = current_member_units(bloc_year)
    locked = ScoreSheet.objects.filter(bloc_year=bloc_year, stage=Stage.APPROVED, locked_at__isnull=False)
    return not members.exists() or members.exclude(pk__in=locked.values("unit_id")).exists()
