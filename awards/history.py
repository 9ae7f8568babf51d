"""What the awards app's audit entries mean, for the history panels (see core.history)."""

from django.utils.translation import gettext_lazy as _

from awards.models import ComplianceRecord
from blocs.models import Unit
from core.history import register_each

register_each(
    "awards.compliance_record",
    {
        "recorded": _("Recorded a compliance record"),
        "updated": _("Edited the compliance record"),
        "resolved": _("Recorded that the compliance record was resolved"),
    },
    model=ComplianceRecord,
    refs={"unit": Unit},
)
