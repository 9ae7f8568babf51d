"""The council office is named by the name it bore on a document's date (dated data, like a unit's name);
the interface names it only by its role (Bắc Ninh QĐ 86/2025 Art. 8.5: Sở Nội vụ through its Phòng Thi đua,
khen thưởng took over from the Ban Thi đua - Khen thưởng in 2025)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from awards.documents.decision import decision_pdf
from awards.enums import Appraisal, AwardKind
from awards.services import decisions as services
from blocs.selectors import council_office_name
from tests.awards.test_decisions import at_session, held_session, issue
from tests.factories import CouncilOfficeNameFactory, ProvinceFactory
from tests.pdf import pdf_text

D = datetime.date
BAN = "Ban Thi đua - Khen thưởng tỉnh"
SNV = "Sở Nội vụ tỉnh Hà Tĩnh (Phòng Thi đua, khen thưởng)"


def _office_names(province) -> None:
    CouncilOfficeNameFactory(province=province, name=BAN, head_title=f"Trưởng {BAN}", valid_to=D(2025, 6, 30))
    CouncilOfficeNameFactory(
        province=province, name=SNV, head_title="Giám đốc Sở Nội vụ", valid_from=D(2025, 7, 1), valid_to=None
    )


def _decision_text(world, actor, bloc_year, unit, *, held_on, issued_on, tmp_path) -> str:
    session = held_session(world, actor=actor, held_on=held_on)
    at_session(bloc_year, session, actor=actor, items=[(AwardKind.PROVINCE_MERIT, unit, Appraisal.ELIGIBLE)])
    decision = issue(services.draft_decision(session, actor=actor), actor, issued_on=issued_on)
    return " ".join(pdf_text(decision_pdf(decision).content, tmp_path).split())


@pytest.mark.django_db
def test_council_office_name_each_day_its_own_name_other_province_apart():
    province, other = ProvinceFactory(), ProvinceFactory()
    _office_names(province)
    CouncilOfficeNameFactory(province=other, name="Ban Thi đua - Khen thưởng tỉnh Khác", valid_to=None)

    names = [council_office_name(province, on=day) for day in (D(2017, 1, 1), D(2025, 6, 30), D(2025, 7, 1))]

    assert names == [BAN, BAN, SNV]
    assert council_office_name(other, on=D(2026, 1, 1)) == "Ban Thi đua - Khen thưởng tỉnh Khác"


@pytest.mark.django_db
def test_council_office_name_no_dated_name_names_the_role():
    province = ProvinceFactory()
    CouncilOfficeNameFactory(province=province, valid_to=D(2025, 6, 30))

    assert council_office_name(province, on=D(2026, 1, 1)) == "Cơ quan thường trực Hội đồng Thi đua - Khen thưởng tỉnh"


def test_decisions_of_2020_and_2026_name_the_office_of_their_day(world, council_officer, tmp_path):
    _office_names(world.province)

    old = _decision_text(
        world,
        council_officer,
        world.bloc_year,
        world.deputy,
        held_on=D(2020, 12, 29),
        issued_on=D(2020, 12, 31),
        tmp_path=tmp_path,
    )
    new = _decision_text(
        world,
        council_officer,
        world.other_bloc_year,
        world.other_unit,
        held_on=D(2026, 1, 15),
        issued_on=D(2026, 2, 2),
        tmp_path=tmp_path,
    )

    assert f"Theo đề nghị của Trưởng {BAN}." in old and f"- {BAN};" in old
    assert SNV not in old
    assert "Theo đề nghị của Giám đốc Sở Nội vụ." in new and f"- {SNV};" in new
    assert "Ban Thi đua" not in new
    assert new.count("Giám đốc Sở Nội vụ") == 2  # the proposer and Article 3, the director named once there


def _translations(path: Path) -> list[str]:
    """Every msgstr of a .po catalogue, its continuation lines joined."""
    strings: list[str] = []
    field = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid", "msgctxt", "msgstr")):
            field = line.split(" ", 1)[0]
            if field.startswith("msgstr"):
                strings.append("")
        if field.startswith("msgstr") and '"' in line:
            strings[-1] += line[line.index('"') + 1 : line.rindex('"')]
    return strings


def test_interface_names_the_office_by_its_role_never_by_a_dated_name():
    base = Path(settings.BASE_DIR)
    pages = [p for p in (base / "templates").rglob("*.html") if "documents" not in p.parts]

    assert [s for s in _translations(base / "locale/vi/LC_MESSAGES/django.po") if "Ban Thi đua" in s] == []
    assert [str(p) for p in pages if "Ban Thi đua" in p.read_text(encoding="utf-8")] == []
