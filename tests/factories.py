import datetime
import io
import zipfile

import factory
from PIL import Image
from pypdf import PdfWriter

from blocs.calculations import default_deadlines
from blocs.enums import CouncilRoleKind, MemberRole, UnitRoleKind
from blocs.models import (
    Bloc,
    BlocRule,
    BlocYear,
    CouncilOfficeName,
    CouncilRole,
    Membership,
    Province,
    Unit,
    UnitName,
    UnitRole,
)
from core.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Tỉnh {n}")


class CouncilOfficeNameFactory(factory.django.DjangoModelFactory):
    """The council office's name before the 2025 reorganisation (valid until 30/06/2025)."""

    class Meta:
        model = CouncilOfficeName

    province = factory.SubFactory(ProvinceFactory)
    name = "Ban Thi đua - Khen thưởng tỉnh"
    head_title = "Trưởng Ban Thi đua - Khen thưởng tỉnh"
    valid_to = datetime.date(2025, 6, 30)


class UnitFactory(factory.django.DjangoModelFactory):
    """An active unit with one current name in its history and a leader on record (who signs its documents)."""

    class Meta:
        model = Unit
        skip_postgeneration_save = True

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    short_name = factory.Sequence(lambda n: f"ĐV{n}")
    leader_title = "Thủ trưởng"
    leader_name = factory.Sequence(lambda n: f"Người ký {n}")

    @factory.post_generation
    def name_history(obj, create, extracted, **kwargs):
        if create:
            UnitName.objects.create(unit=obj, name=obj.name, short_name=obj.short_name)


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua {n}")


class BlocYearFactory(factory.django.DjangoModelFactory):
    """A bloc-year with its rules (default deadlines) and no members."""

    class Meta:
        model = BlocYear
        skip_postgeneration_save = True

    bloc = factory.SubFactory(BlocFactory)
    year = 2020

    @factory.post_generation
    def rule(obj, create, extracted, **kwargs):
        if create:
            BlocRule.objects.create(bloc_year=obj, **vars(default_deadlines(obj.year)))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc_year = factory.SubFactory(BlocYearFactory)
    unit = factory.SubFactory(UnitFactory, province=factory.SelfAttribute("..bloc_year.bloc.province"))
    role = MemberRole.MEMBER
    joined_on = None


class UnitRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitRole

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = UnitRoleKind.OFFICER


class CouncilRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilRole

    user = factory.SubFactory(UserFactory)
    province = factory.SubFactory(ProvinceFactory)
    role = CouncilRoleKind.OFFICE_OFFICER


def bloc_year_with_members(*, year: int = 2020, members: int = 3, province=None, **bloc_kwargs) -> BlocYear:
    """A bloc-year whose first member is head, the second deputy, the rest plain members."""
    bloc = BlocFactory(province=province or ProvinceFactory(), **bloc_kwargs)
    bloc_year = BlocYearFactory(bloc=bloc, year=year)
    roles = [MemberRole.HEAD, MemberRole.DEPUTY] + [MemberRole.MEMBER] * (members - 2)
    for role in roles:
        MembershipFactory(bloc_year=bloc_year, role=role, joined_on=datetime.date(year, 1, 1))
    return bloc_year


# --- Real files for upload tests (attachments are checked for structure, not only first bytes) ---


def pdf_bytes(pages: int = 1) -> bytes:
    """A real, minimal PDF with blank A4 pages."""

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    """A real, small PNG or JPEG."""

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    """A zip holding the parts every .docx has (what the upload check looks for)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="urn:w"/>')
    return buffer.getvalue()
