"""Issued documents: their numbers (Decree 30/2020) and the record of what each one prints."""

from dataclasses import fields as dataclass_fields

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from core.documents import Issue
from core.models import DocumentNumber, IssuedDocument
from core.services.audit import Actor, log_action, signed_in


def next_document_number(*, issuer_key: str, type_code: str, year: int) -> int:
    """The next number of an issuer's documents of one type in one year (Decree 30), starting at 1.

    Locks the counter row, so two documents issued at once never share a number; call it
    inside the transaction that stores the number.
    """
    with transaction.atomic():
        counter, _ = DocumentNumber.objects.select_for_update().get_or_create(
            issuer_key=issuer_key, type_code=type_code, year=year
        )
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
    return counter.last_number


def issued_document_of(target: models.Model, *, kind: str) -> IssuedDocument | None:
    """The issued record of ``target`` as a document of ``kind``; None while it is a draft."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return IssuedDocument.objects.filter(kind=kind, content_type=content_type, object_id=target.pk).first()


def issue_document(target: models.Model, *, kind: str, issue: Issue, actor: Actor) -> IssuedDocument:
    """Issue ``target`` as a document of ``kind``: draw its number and store what it prints.

    Call inside the caller's transaction (with ``target`` locked). Idempotent: a document
    already issued keeps its number, date and signer. Side effects in order: number drawn
    from the locked counter, record stored, audit entry.
    """
    existing = issued_document_of(target, kind=kind)
    if existing is not None:
        return existing
    number = next_document_number(issuer_key=issue.issuer_key, type_code=issue.type_code, year=issue.issued_on.year)
    printed = {f.name: getattr(issue, f.name) for f in dataclass_fields(Issue) if f.name != "issuer_key"}
    document = IssuedDocument.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        number=number,
        issued_by=signed_in(actor),
        **printed,
    )
    data = {"kind": kind, "number": document.number_text, "issued_on": issue.issued_on, "signer": issue.signer_name}
    log_action(target, actor=actor, action="core.document.issued", data=data)
    return document
