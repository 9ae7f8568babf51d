import datetime

import factory
from django.utils import timezone

from pledges.enums import ReportKind, ReportStatus
from pledges.models import BlocReport, Inspection, InspectionFinding, UnitReport
from tests.factories import BlocYearFactory, UnitFactory, UserFactory

# --- Reports, inspections ----------------------------------------------------


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


# --- Pledge, title registration ------------------------------------------------


class TitleFactory(factory.django.DjangoModelFactory):
    """A title of the catalogue; the seeded ones (migration 0002) are reused by name."""

    class Meta:
        model = "pledges.Title"
        django_get_or_create = ["name"]

    name = "Cờ thi đua của UBND tỉnh"
    level = "province"
    is_flag = True


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge with its first version (theme and one clause), signed by nobody."""

    class Meta:
        model = "pledges.Pledge"
        skip_postgeneration_save = True

    bloc_year = factory.SubFactory(BlocYearFactory)

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):
        if create:
            version = obj.versions.create(number=1, theme="Đoàn kết, sáng tạo, thi đua hoàn thành vượt mức")
            version.clauses.create(
                position=1, content="Hoàn thành 100% chỉ tiêu", unit_of_measure="%", target_value=100
            )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A draft registration of a unit for the provincial flag."""

    class Meta:
        model = "pledges.Registration"

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    title = factory.SubFactory(TitleFactory)
    targets = "Dẫn đầu khối; hoàn thành vượt mức các chỉ tiêu giao ước."

    @factory.lazy_attribute
    def return_reason(self):
        return "Chưa nêu chỉ tiêu cụ thể." if self.status == "returned" else ""

    status = "draft"
