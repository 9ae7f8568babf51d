"""Demo compliance records of Hà Tĩnh's Nội chính bloc (no seed article names one: they are invented).

One matter resolved within 2019, so it blocked nobody at that year's meeting, and one complaint
still pending at the end of 2020 (resolved in 2021), so that 2020's meeting page shows a unit
left out of the candidates with its reason. Loading twice changes nothing.
"""

import datetime

from awards.enums import ComplianceKind
from awards.models import ComplianceRecord
from awards.services import record_compliance_record, resolve_compliance_record
from blocs.models import Unit
from core.models import User
from core.services import recorded_at

OFFICE = "vanphong.hatinh"
RECORDS = [
    (
        "Sở Tư pháp tỉnh Hà Tĩnh",
        ComplianceKind.DISCIPLINE,
        datetime.date(2019, 3, 4),
        datetime.date(2019, 6, 28),
        "QĐ số 215/QĐ-STP ngày 28/6/2019",
        "Khiển trách một công chức; đã chấp hành xong.",
    ),
    (
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Hà Tĩnh",
        ComplianceKind.COMPLAINT,
        datetime.date(2020, 10, 12),
        datetime.date(2021, 2, 3),
        "Đơn khiếu nại ngày 12/10/2020",
        "Khiếu nại đang giải quyết tại thời điểm bình xét năm 2020.",
    ),
]


def load() -> str:
    office = User.objects.filter(username=OFFICE).first()
    created = 0
    for name, kind, started_on, resolved_on, reference, note in RECORDS:
        unit = Unit.objects.filter(names__name=name).first()
        if office is None or unit is None or ComplianceRecord.objects.filter(unit=unit, reference=reference).exists():
            continue
        with recorded_at(_morning(started_on)):
            record = record_compliance_record(
                unit, actor=office, kind=kind, started_on=started_on, reference=reference, note=note
            )
        with recorded_at(_morning(resolved_on)):
            resolve_compliance_record(record, actor=office, resolved_on=resolved_on)
        created += 1
    return f"{created} compliance records"


def _morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
