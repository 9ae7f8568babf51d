"""The council session's permissions, pages, dashboard item and minutes PDF."""

import datetime

import pytest
from django.urls import reverse

from awards.documents.council import council_minutes_pdf
from awards.enums import DOSSIER_KIND, CouncilSessionStatus
from awards.models import CouncilVote
from awards.services import council as services
from blocs.enums import CouncilRoleKind
from blocs.services import rename_unit
from core.dashboard import sections_for
from core.models import GeneratedFile
from tests.awards.test_council_session import appraised_proposal, flag_item, plan
from tests.factories import CouncilRoleFactory
from tests.pdf import pdf_fonts, pdf_text
from tests.personas import persona

PERSONAS = ["admin_user", "council_officer", "council_member", "other_council_officer", "secretariat", "outsider"]


@pytest.fixture
def session(world, council_officer, secretariat):
    """A planned session of province P, 10 members, 8 present, 2 written opinions, bloc B's dossier on it."""
    proposal = appraised_proposal(world.bloc_year, actor=secretariat, eligible=[world.head], merit=[world.member])
    session = plan(world.province, council_officer)
    services.add_to_session(proposal, session, actor=council_officer)
    return services.record_attendance(session, actor=council_officer, present=8, written_opinions=2)


@pytest.mark.parametrize(
    ("name", "view", "change"),
    [
        ("admin_user", True, True),
        ("council_officer", True, True),
        ("council_member", True, False),
        ("other_council_officer", False, False),
        ("secretariat", False, False),
        ("outsider", False, False),
    ],
)
def test_council_session_permissions_truth_table(request, session, name, view, change):
    user = persona(request, name)

    assert user.has_perm("awards.view_councilsession", session) is view
    assert user.has_perm("awards.change_councilsession", session) is change


def test_change_councilsession_held_session_refused(session, council_officer):
    session.status = CouncilSessionStatus.HELD

    assert not council_officer.has_perm("awards.change_councilsession", session)
    assert council_officer.has_perm("awards.view_councilsession", session)


@pytest.mark.parametrize(("name", "allowed"), [("council_officer", True), ("council_member", False)])
def test_add_councilsession_office_only(request, world, name, allowed):
    assert persona(request, name).has_perm("awards.add_councilsession") is allowed


def test_session_detail_second_of_two_shows_its_dossier(client, world, council_member, council_officer, session):
    first = plan(world.province, council_officer, held_on=datetime.date(2021, 2, 1))
    client.force_login(council_member)

    response = client.get(reverse("awards:council_session_detail", args=[session.pk]))
    empty = client.get(reverse("awards:council_session_detail", args=[first.pk]))

    assert response.status_code == 200 and empty.status_code == 200
    assert "Khối thi đua Nội chính" in response.content.decode()
    assert reverse("awards:proposal_detail", args=[session.proposals.get().pk]) in response.content.decode()
    assert 'data-testid="no-dossier"' in empty.content.decode()
    assert 'data-testid="item-vote"' not in response.content.decode()


def test_session_detail_other_province_404(client, other_council_officer, session):
    client.force_login(other_council_officer)

    assert client.get(reverse("awards:council_session_detail", args=[session.pk])).status_code == 404


def test_item_vote_post_records_vote(client, council_officer, session):
    item = flag_item(session.proposals.get())
    client.force_login(council_officer)

    response = client.post(reverse("awards:council_item_vote", args=[item.pk]), {"yes": 7, "no": 1, "written_yes": 1})

    assert response.status_code == 302
    assert CouncilVote.objects.get(item=item).passed is True


def test_item_vote_member_forbidden(client, council_member, session):
    item = flag_item(session.proposals.get())
    client.force_login(council_member)

    response = client.post(reverse("awards:council_item_vote", args=[item.pk]), {"yes": 8, "no": 0, "written_yes": 0})

    assert response.status_code == 403
    assert not CouncilVote.objects.exists()


def test_item_vote_impossible_counts_form_error(client, council_officer, session, english):
    item = flag_item(session.proposals.get())
    client.force_login(council_officer)

    response = client.post(reverse("awards:council_item_vote", args=[item.pk]), {"yes": 8, "no": 1, "written_yes": 0})

    assert response.status_code == 400
    assert "cannot exceed the 8 members present" in response.content.decode()
    assert not CouncilVote.objects.exists()


def test_session_plan_post_creates_session(client, world, council_officer):
    client.force_login(council_officer)
    data = {
        "province": world.province.pk,
        "held_on": "15/01/2021",
        "place": "Hội trường",
        "chair_name": "Nguyễn Văn A",
        "chair_title": "Chủ tịch UBND tỉnh",
        "members_total": 11,
    }

    response = client.post(reverse("awards:council_session_plan"), data)

    assert response.status_code == 302
    assert world.province.council_sessions.get().members_total == 11


def test_dashboard_next_session_counts_eligible_items(world, council_member, council_officer, session):
    """Bloc B's dossier: two eligible items; a held session and a past one do not show."""
    plan(world.province, council_officer, held_on=datetime.date(2020, 12, 1))

    today = datetime.date(2021, 1, 10)
    items = [item for section in sections_for(council_member, today=today) for item in section.items]

    url = reverse("awards:council_session_detail", args=[session.pk])
    mine = [(item.url, "15/01/2021" in item.text, ": 2 " in item.text) for item in items if "council" in item.url]
    assert mine == [(url, True, True)]


def test_council_minutes_pdf_text_and_fonts(world, council_officer, session, tmp_path):
    services.record_vote(flag_item(session.proposals.get()), actor=council_officer, yes=7, no=1, written_yes=1)
    services.close_session(session, actor=council_officer)

    content = council_minutes_pdf(session).content

    text = " ".join(pdf_text(content, tmp_path).split())
    assert "BIÊN BẢN" in text and "01/BB-HĐTĐKT" in text
    assert "Tổng số thành viên Hội đồng: 10; có mặt: 8" in text
    assert "80,00 %" in text and "Đạt" in text
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh: Thanh tra tỉnh." in text
    fonts = pdf_fonts(content, tmp_path)
    assert fonts and all(row[-5] == "yes" for row in fonts)


def test_attendance_page_records_named_members_and_the_minutes_list_them(client, world, council_officer, tmp_path):
    session = plan(world.province, council_officer)
    client.force_login(council_officer)
    data = {
        "present": 8,
        "written_opinions": 1,
        "present_members": "\n".join(f"Thành viên {n}, Ủy viên Hội đồng" for n in range(8)),
        "opinion_members": "Trần Văn Vắng, Giám đốc Sở Nội vụ",
        "absent_members": "Lê Thị Bận",
    }

    response = client.post(reverse("awards:council_session_attendance", args=[session.pk]), data)

    assert response.status_code == 302
    assert session.attendees.filter(present=True).count() == 8
    text = " ".join(pdf_text(council_minutes_pdf(session).content, tmp_path).split())
    assert "Thành viên 7, Ủy viên Hội đồng" in text
    assert "Trần Văn Vắng, Giám đốc Sở Nội vụ (có ý kiến bằng văn bản)" in text
    assert "Lê Thị Bận (không có ý kiến bằng văn bản)" in text
    page = client.get(reverse("awards:council_session_attendance", args=[session.pk])).content.decode()
    assert "Trần Văn Vắng, Giám đốc Sở Nội vụ" in page


def test_attendance_page_counts_not_matching_the_names_change_nothing(client, world, council_officer, english):
    session = plan(world.province, council_officer)
    client.force_login(council_officer)
    data = {"present": 8, "written_opinions": 0, "present_members": "Chỉ một người", "absent_members": ""}

    response = client.post(reverse("awards:council_session_attendance", args=[session.pk]), data)

    assert response.status_code == 400 and "1 named present" in response.content.decode()
    session.refresh_from_db()
    assert (session.present, session.attendees.count()) == (0, 0)


def test_session_detail_council_member_sees_items_and_gets_the_dossier_pdf(
    client, world, council_member, session, django_capture_on_commit_callbacks
):
    proposal = session.proposals.get()
    client.force_login(council_member)

    page = client.get(reverse("awards:council_session_detail", args=[session.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:proposal_pdf", args=[proposal.pk, "dossier"]))

    assert page.count('data-testid="session-item"') == proposal.items.count() == 2
    assert reverse("awards:proposal_pdf", args=[proposal.pk, "dossier"]) in page
    assert response.status_code == 302
    generated = GeneratedFile.objects.get(kind=DOSSIER_KIND, object_id=proposal.pk)
    assert client.get(response.url).status_code == 200 and generated.status == "ready"


def test_dossier_pdf_other_province_council_member_not_found(client, world, session):
    other_member = CouncilRoleFactory(province=world.other_province, role=CouncilRoleKind.MEMBER).user
    client.force_login(other_member)

    response = client.post(reverse("awards:proposal_pdf", args=[session.proposals.get().pk, "dossier"]))

    assert response.status_code == 404 and not GeneratedFile.objects.exists()


def test_session_detail_attendance_sentence_counts_written_opinions_in_the_right_number(
    client, world, council_officer, session, english
):
    client.force_login(council_officer)
    url = reverse("awards:council_session_detail", args=[session.pk])

    two = client.get(url).content.decode()
    services.record_attendance(session, actor=council_officer, present=9, written_opinions=1)
    one = client.get(url).content.decode()

    assert "8 of 10 members present. 2 absentees gave a written opinion." in two
    assert "9 of 10 members present. 1 absentee gave a written opinion." in one


def test_council_minutes_name_the_unit_as_it_was_on_the_session_day(world, council_officer, session, tmp_path):
    old_name = world.head.name
    services.record_vote(flag_item(session.proposals.get()), actor=council_officer, yes=8, no=0, written_yes=1)
    services.close_session(session, actor=council_officer)
    later = session.held_on + datetime.timedelta(days=400)
    rename_unit(
        world.head,
        actor=None,
        name="Thanh tra Nhà nước tỉnh",
        short_name="TTNN",
        effective_date=later,
        legal_basis="QĐ 9",
    )

    text = " ".join(pdf_text(council_minutes_pdf(session).content, tmp_path).split())

    assert f"Cờ thi đua của Ủy ban nhân dân tỉnh: {old_name}." in text
    assert "Thanh tra Nhà nước tỉnh" not in text
    assert "Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh" in text
