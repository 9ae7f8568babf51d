import datetime

import factory
from django.utils import timezone

from pledges.enums import ReportKind, ReportStatus
from pledges.models import BlocReport, Inspection, InspectionFinding, UnitReport
from tests.factories import BlocYearFactory, UnitFactory, UserFactory

# --- Reports, inspections (P-B) ----------------------------------------------


class UnitReportFactory(factory.django.DjangoModelFactory):
    """A draft 6-month report of a unit, with its results section written."""

    class Meta:
        model = UnitReport

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    kind = ReportKind.SIX_MONTH
    status = ReportStatus.DRAFT
    results = "Hoàn thành 100% chỉ tiêu giao ước thi đua."

    @factory.lazy_attribute
    def first_submitted_at(self):
        return None if self.status == ReportStatus.DRAFT else timezone.now()

    @factory.lazy_attribute
    def return_reason(self):
        return "Thiếu số liệu." if self.status == ReportStatus.RETURNED else ""


class BlocReportFactory(factory.django.DjangoModelFactory):
    """A draft bloc report issued in the name of ``issuer_unit``."""

    class Meta:
        model = BlocReport

    bloc_year = factory.SubFactory(BlocYearFactory)
    kind = ReportKind.SIX_MONTH
    issuer_unit = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    place = "Hà Tĩnh"
    signer_title = "Chánh Thanh tra tỉnh"
    signer_name = "Nguyễn Văn An"
    summary = "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2020"


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    bloc_year = factory.SubFactory(BlocYearFactory)
    inspected_on = datetime.date(2020, 10, 20)
    team = "Trần Thị Bình - Trưởng đoàn"
    recorded_by = factory.SubFactory(UserFactory)


class InspectionFindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionFinding

    inspection = factory.SubFactory(InspectionFactory)
    unit = factory.SubFactory(UnitFactory)
    findings = "Thực hiện đầy đủ các nội dung giao ước."
    recommendations = ""


# --- end of reports, inspections (P-B) ---------------------------------------
