"""Services of the awards app, one module per area. The compliance services keep their old address."""

from awards.services.compliance import record_compliance_record, resolve_compliance_record, update_compliance_record

__all__ = ["record_compliance_record", "resolve_compliance_record", "update_compliance_record"]
