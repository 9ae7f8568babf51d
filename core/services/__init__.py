"""Core's writes, one module per concern; this package re-exports their public API.

``audit``: the hash-chained activity log, its verifier and anchors, and the before/after helpers.
``files``: generated files (request, hand-over to the worker, sweep, build).
``documents``: document numbers and issued documents (Decree 30/2020).
``notices``: in-app notices. ``security``: security events.
"""

from core.documents import Issue
from core.services.audit import (
    Actor,
    ChainAnchor,
    ChainReport,
    action_time,
    anchor_activity_chain,
    assign,
    changes,
    log_action,
    read_chain_anchors,
    recorded_at,
    signed_in,
    snapshot,
    verify_activity_chain,
)
from core.services.documents import issue_document, issued_document_of, next_document_number
from core.services.files import (
    BROKER_ERRORS,
    RESEND_PENDING_AFTER,
    STALE_BUILD_AFTER,
    build_generated_file,
    request_generated_file,
    resend_pending_files,
    send_generated_file,
    sends_builds_with,
)
from core.services.notices import mark_notices_read, notify
from core.services.security import purge_security_events, record_security_event, records_refusals

__all__ = [
    "BROKER_ERRORS",
    "RESEND_PENDING_AFTER",
    "STALE_BUILD_AFTER",
    "Actor",
    "ChainAnchor",
    "ChainReport",
    "Issue",
    "action_time",
    "anchor_activity_chain",
    "assign",
    "build_generated_file",
    "changes",
    "issue_document",
    "issued_document_of",
    "log_action",
    "mark_notices_read",
    "next_document_number",
    "notify",
    "purge_security_events",
    "read_chain_anchors",
    "record_security_event",
    "recorded_at",
    "records_refusals",
    "request_generated_file",
    "resend_pending_files",
    "send_generated_file",
    "sends_builds_with",
    "signed_in",
    "snapshot",
    "verify_activity_chain",
]
