"""Pages of the pledge and registrations: allowed / forbidden pairs, whole flows, list, export, query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from blocs.enums import MemberRole
from blocs.selectors import roles_of
from core.models import ActivityLog, GeneratedFile
from pledges.enums import RegistrationStatus
from pledges.exporters import registration_rows
from pledges.models import LaunchMeeting, Pledge, PledgeSignature, Registration
from pledges.selectors.commitments import RegistrationFilter, province_registrations
from tests.factories import BlocFactory, BlocYearFactory, MembershipFactory, UnitFactory
from tests.pledges.factories import RegistrationFactory, TitleFactory

pytestmark = pytest.mark.usefixtures("english")


def _membership(world):
    return world.bloc_year.memberships.get(unit=world.member).pk


def _reg(status):
    def pk_of(world, flag):
        return RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status=status).pk

    return pk_of


# view, method, pk (from world and flag), allowed, refused (403), blind (404)
VIEWS = [
    ("pledges:commitments", "get", lambda w, f: w.bloc_year.pk, "unit_officer", None, "other_unit_officer"),
    ("pledges:launch_meeting_edit", "get", lambda w, f: w.bloc_year.pk, "secretariat", "unit_officer", "outsider"),
    ("pledges:pledge_edit", "get", lambda w, f: w.bloc_year.pk, "secretariat", "deputy_officer", "other_unit_officer"),
    ("pledges:registration_create", "get", lambda w, f: _membership(w), "unit_officer", "secretariat", "outsider"),
    ("pledges:registration_detail", "get", _reg("draft"), "council_member", None, "other_unit_officer"),
    ("pledges:registration_edit", "get", _reg("draft"), "unit_officer", "secretariat", "other_council_officer"),
    ("pledges:registration_return", "get", _reg("submitted"), "secretariat", "unit_officer", "outsider"),
    ("pledges:registration_submit", "post", _reg("draft"), "unit_officer", "unit_leader", "other_unit_officer"),
    ("pledges:registration_accept", "post", _reg("submitted"), "secretariat", "deputy_officer", "outsider"),
    ("pledges:registration_forward", "post", _reg("accepted"), "secretariat", "council_member", "outsider"),
    ("pledges:registrations_forward", "post", lambda w, f: w.bloc_year.pk, "secretariat", "unit_officer", "outsider"),
]


@pytest.mark.parametrize(("name", "method", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_allowed_persona_is_served(client, request, world, flag, name, method, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(allowed))

    response = getattr(client, method)(reverse(name, args=[pk_of(world, flag)]))

    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize(("name", "method", "pk_of", "allowed", "refused", "blind"), [v for v in VIEWS if v[4]])
def test_view_visible_but_not_allowed_gets_403(
    client, request, world, flag, name, method, pk_of, allowed, refused, blind
):
    client.force_login(request.getfixturevalue(refused))
    url = reverse(name, args=[pk_of(world, flag)])

    assert client.post(url, {}).status_code == 403
    assert not ActivityLog.objects.filter(action__startswith="pledges.").exists()


@pytest.mark.parametrize(("name", "method", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_invisible_object_gets_404(client, request, world, flag, name, method, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(blind))

    assert getattr(client, method)(reverse(name, args=[pk_of(world, flag)])).status_code == 404


@pytest.mark.parametrize(("name", "method", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_anonymous_is_sent_to_login(client, world, flag, name, method, pk_of, allowed, refused, blind):
    response = getattr(client, method)(reverse(name, args=[pk_of(world, flag)]))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_pledge_sign_page_unit_officer_allowed_secretariat_refused(client, world, pledge, unit_officer, secretariat):
    url = reverse("pledges:pledge_sign", args=[_membership(world)])
    client.force_login(unit_officer)
    assert client.get(url).status_code == 200

    client.force_login(secretariat)
    assert client.get(url).status_code == 403


def test_pledge_sign_without_pledge_says_so(client, world, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("pledges:pledge_sign", args=[_membership(world)]), follow=True)

    assert "has not written the pledge yet" in response.content.decode()


def test_pledge_edit_amend_page_member_unit_refused(client, world, pledge, unit_officer, secretariat):
    url = reverse("pledges:pledge_edit", args=[world.bloc_year.pk])
    client.force_login(secretariat)
    assert client.get(url).status_code == 200

    client.force_login(unit_officer)
    assert client.get(url).status_code == 403


def test_pledge_pdf_member_gets_a_generated_file_outsider_404(client, world, pledge, unit_officer, other_unit_officer):
    url = reverse("pledges:pledge_pdf", args=[pledge.pk])
    client.force_login(other_unit_officer)
    assert client.post(url).status_code == 404
    assert not GeneratedFile.objects.exists()

    client.force_login(unit_officer)
    response = client.post(url)

    generated = GeneratedFile.objects.get()
    assert response.status_code == 302 and response.url == generated.get_absolute_url()
    assert generated.kind == "pledges.signed_pledge"


# --- Whole flows through the pages -----------------------------------------------------


def _pledge_post(world, **extra):
    data = {
        "theme": "Đoàn kết, sáng tạo",
        "slogan": "",
        "plan_number": "12/KH-KTĐ",
        "plan_date": "05/02/2020",
        "preamble": "",
        f"theme_{world.member.pk}": "Vì bình yên nhân dân",
        "clauses-TOTAL_FORMS": "3",
        "clauses-INITIAL_FORMS": "0",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "clauses-0-content": "Hoàn thành 100% chỉ tiêu",
        "clauses-0-unit_of_measure": "%",
        "clauses-0-target_value": "100",
        "clauses-1-content": "Không có vi phạm kỷ luật",
        "clauses-1-unit_of_measure": "trường hợp",
        "clauses-1-target_value": "0",
    }
    return {**data, **extra}


def test_pledge_edit_post_writes_pledge_then_amendment_keeps_version_one(client, world, secretariat, unit_officer):
    url = reverse("pledges:pledge_edit", args=[world.bloc_year.pk])
    client.force_login(secretariat)
    assert client.post(url, _pledge_post(world)).status_code == 302
    pledge = Pledge.objects.get()
    version = pledge.versions.get()
    assert [c.content for c in version.clauses.all()] == ["Hoàn thành 100% chỉ tiêu", "Không có vi phạm kỷ luật"]
    assert version.plan_date == datetime.date(2020, 2, 5)
    assert version.unit_themes.get().theme == "Vì bình yên nhân dân"

    client.force_login(unit_officer)
    sign = reverse("pledges:pledge_sign", args=[_membership(world)])
    data = {"signer_name": "Phạm Minh Dũng", "signer_title": "Giám đốc", "signed_on": "27/02/2020"}
    assert client.post(sign, data).status_code == 302
    assert PledgeSignature.objects.get().signer_name == "Phạm Minh Dũng"

    client.force_login(secretariat)
    refused = client.post(url, _pledge_post(world, theme="Chủ đề mới"))
    assert refused.status_code == 400
    amended = client.post(url, _pledge_post(world, theme="Chủ đề mới", change_note="Đổi chủ đề"))
    assert amended.status_code == 302
    assert list(Pledge.objects.get().versions.values_list("number", "theme")) == [
        (2, "Chủ đề mới"),
        (1, "Đoàn kết, sáng tạo"),
    ]
    page = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk])).content.decode()
    assert 'data-testid="version-1"' in page and "Đổi chủ đề" in page


@pytest.mark.parametrize(
    "bad",
    [
        {"plan_date": "31/02/2020"},
        {"clauses-0-target_value": "abc"},
        {"theme": ""},
        {"clauses-0-content": "", "clauses-1-content": ""},
    ],
)
def test_pledge_edit_bad_input_shows_form_changes_nothing(client, world, secretariat, bad):
    client.force_login(secretariat)

    response = client.post(reverse("pledges:pledge_edit", args=[world.bloc_year.pk]), _pledge_post(world, **bad))

    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_launch_meeting_post_records_it(client, world, secretariat):
    client.force_login(secretariat)
    data = {"held_on": "27/02/2020", "place": "Cục THADS tỉnh", "attendees": "Ban TĐKT tỉnh", "notes": ""}

    response = client.post(reverse("pledges:launch_meeting_edit", args=[world.bloc_year.pk]), data)

    assert response.status_code == 302
    assert LaunchMeeting.objects.get().held_on == datetime.date(2020, 2, 27)


def test_registration_flow_register_submit_return_resubmit_accept_forward(
    client, world, flag, unit_officer, secretariat
):
    client.force_login(unit_officer)
    create = reverse("pledges:registration_create", args=[_membership(world)])
    assert client.post(create, {"title": flag.pk, "targets": "Dẫn đầu khối"}).status_code == 302
    registration = Registration.objects.get()
    assert client.post(reverse("pledges:registration_submit", args=[registration.pk])).status_code == 302

    client.force_login(secretariat)
    back = reverse("pledges:registration_return", args=[registration.pk])
    assert client.post(back, {"reason": ""}).status_code == 400
    assert client.post(back, {"reason": "Nêu chỉ tiêu cụ thể"}).status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.return_reason) == (RegistrationStatus.RETURNED, "Nêu chỉ tiêu cụ thể")

    client.force_login(unit_officer)
    edit = reverse("pledges:registration_edit", args=[registration.pk])
    assert client.post(edit, {"targets": "Dẫn đầu khối, 100% chỉ tiêu"}).status_code == 302
    client.post(reverse("pledges:registration_submit", args=[registration.pk]))

    client.force_login(secretariat)
    client.post(reverse("pledges:registration_accept", args=[registration.pk]))
    client.post(reverse("pledges:registrations_forward", args=[world.bloc_year.pk]))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.FORWARDED
    actions = list(
        ActivityLog.objects.filter(object_id=registration.pk).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "pledges.registration.created",
        "pledges.registration.submitted",
        "pledges.registration.returned",
        "pledges.registration.updated",
        "pledges.registration.submitted",
        "pledges.registration.accepted",
        "pledges.registration.forwarded",
    ]


def test_registration_accept_twice_shows_reason_not_500(client, world, flag, secretariat):
    registration = RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="submitted")
    client.force_login(secretariat)
    url = reverse("pledges:registration_accept", args=[registration.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert response.status_code == 403  # the permission reads the same table: accepted cannot be accepted again


def test_registration_create_duplicate_shows_reason(client, world, flag, unit_officer):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag)
    client.force_login(unit_officer)

    response = client.post(
        reverse("pledges:registration_create", args=[_membership(world)]), {"title": flag.pk, "targets": "X"}
    )

    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_commitments_page_shows_flag_tally(client, world, flag, secretariat):
    for unit in (world.head, world.deputy):
        RegistrationFactory(bloc_year=world.bloc_year, unit=unit, title=flag, status="submitted")
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="draft")
    client.force_login(secretariat)

    page = client.get(reverse("pledges:commitments", args=[world.bloc_year.pk])).content.decode()

    assert "2/3 units registered for “Cờ thi đua của UBND tỉnh”." in page


# --- The council office's list and export ------------------------------------------------


def test_registration_list_council_officer_allowed_unit_officer_refused(client, world, council_officer, unit_officer):
    url = reverse("pledges:registration_list")
    client.force_login(council_officer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("pledges:registration_export")).status_code == 200

    client.force_login(unit_officer)
    assert client.get(url).status_code == 403
    assert client.get(reverse("pledges:registration_export")).status_code == 403


def _spread(world, flag, count):
    """``count`` forwarded registrations in ``count`` blocs of the world's province, plus noise elsewhere."""
    for index in range(count):
        bloc_year = BlocYearFactory(bloc=BlocFactory(province=world.province), year=2020)
        unit = UnitFactory(province=world.province)
        MembershipFactory(bloc_year=bloc_year, unit=unit, role=MemberRole.HEAD)
        RegistrationFactory(bloc_year=bloc_year, unit=unit, title=flag, status="forwarded", targets=f"Chỉ tiêu {index}")
    # Noise the council office of the world's province never sees: a draft, another province's registration.
    RegistrationFactory(bloc_year=BlocYearFactory(bloc=BlocFactory(province=world.province)), title=flag)
    other = BlocYearFactory(bloc=BlocFactory(province=world.other_province), year=2020)
    RegistrationFactory(bloc_year=other, title=flag, status="forwarded")


def test_registration_list_shows_the_provinces_blocs_without_drafts(client, world, flag, council_officer):
    _spread(world, flag, 3)
    client.force_login(council_officer)

    response = client.get(reverse("pledges:registration_list"))

    rows = response.context["page"].object_list
    assert len(rows) == 3
    assert {r.bloc_year.bloc.province_id for r in rows} == {world.province.pk}


def test_registration_list_filters_by_year_bloc_title_status(client, world, flag, council_officer):
    _spread(world, flag, 2)
    excellent = TitleFactory(name="Tập thể lao động xuất sắc", is_flag=False)
    target = RegistrationFactory(bloc_year=world.bloc_year, unit=world.head, title=excellent, status="submitted")
    client.force_login(council_officer)
    url = reverse("pledges:registration_list")

    by_title = client.get(url, {"title": excellent.pk}).context["page"].object_list
    by_bloc = client.get(url, {"bloc": world.bloc.pk}).context["page"].object_list
    by_status = client.get(url, {"status": "submitted"}).context["page"].object_list
    by_year = client.get(url, {"year": 2021}).context["page"].object_list

    assert [r.pk for r in by_title] == [r.pk for r in by_bloc] == [r.pk for r in by_status] == [target.pk]
    assert list(by_year) == []


def test_registration_list_bad_filter_shows_error_not_500(client, world, council_officer):
    client.force_login(council_officer)

    response = client.get(reverse("pledges:registration_list"), {"year": "abc", "bloc": "999999"})

    assert response.status_code == 200
    assert response.context["form"].errors


def test_registration_export_has_header_and_rows_text_not_formulas(client, world, flag, council_officer):
    RegistrationFactory(bloc_year=world.bloc_year, unit=world.member, title=flag, status="forwarded", targets="=1+1")
    client.force_login(council_officer)

    response = client.get(reverse("pledges:registration_export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Year", "Province", "Bloc", "Unit", "Title")
    assert rows[1][:6] == (2020, "Hà Tĩnh", "Khối thi đua Nội chính", "Công an tỉnh", flag.name, "=1+1")
    assert sheet.cell(row=2, column=6).data_type == "s"
    assert len(rows) == 2


def _list_queries(client, world, flag, count):
    _spread(world, flag, count)
    url = reverse("pledges:registration_list")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), len(response.context["page"].object_list)


def test_registration_list_query_count_does_not_grow(client, world, flag, council_officer):
    client.force_login(council_officer)
    client.get(reverse("pledges:registration_list"))

    small, small_rows = _list_queries(client, world, flag, 1)
    large, large_rows = _list_queries(client, world, flag, 6)

    assert (small_rows, large_rows) == (1, 7)
    assert small == large


def _export_queries(world, flag, count, user):
    _spread(world, flag, count)
    with CaptureQueriesContext(connection) as queries:
        rows = list(registration_rows(province_registrations(user, RegistrationFilter())))
    return len(queries), len(rows)


def test_registration_rows_query_count_does_not_grow(world, flag, council_officer):
    roles_of(council_officer)  # read once per request in real use
    small, small_rows = _export_queries(world, flag, 1, council_officer)
    large, large_rows = _export_queries(world, flag, 5, council_officer)

    assert (small_rows, large_rows) == (2, 7)
    assert small == large
