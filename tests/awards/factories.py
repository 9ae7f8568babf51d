import datetime

import factory

from awards.enums import ComplianceKind
from awards.models import ComplianceRecord
from tests.factories import UnitFactory, UserFactory


class ComplianceRecordFactory(factory.django.DjangoModelFactory):
    """An unresolved investigation started on 01/03/2020."""

    class Meta:
        model = ComplianceRecord

    unit = factory.SubFactory(UnitFactory)
    kind = ComplianceKind.INVESTIGATION
    started_on = datetime.date(2020, 3, 1)
    reference = "QĐ số 12/QĐ-UBND"
    recorded_by = factory.SubFactory(UserFactory)
