"""Each view: one allowed and one forbidden persona on the same setup, invisible → 404, anonymous → login."""

import datetime

import pytest
from django.urls import reverse

from blocs import services
from blocs.enums import MemberRole, UnitStatus
from blocs.models import BlocYear, Membership, Unit
from core.models import ActivityLog
from tests.factories import BlocYearFactory, UnitFactory, bloc_year_with_members
from tests.queries import page_queries

# view name, how to get its pk from the world, persona allowed, persona refused (403), persona blind (404)
VIEWS = [
    ("blocs:bloc_detail", lambda w: w.bloc.pk, "unit_officer", None, "other_unit_officer"),
    ("blocs:unit_detail", lambda w: w.member.pk, "secretariat", None, "other_unit_officer"),
    ("blocs:bloc_year_create", lambda w: w.bloc.pk, "council_officer", "secretariat", "other_council_officer"),
    ("blocs:bloc_year_edit", lambda w: w.bloc_year.pk, "secretariat", "unit_officer", "other_unit_officer"),
    ("blocs:bloc_rule_edit", lambda w: w.bloc_year.pk, "secretariat", "council_member", "other_council_officer"),
    ("blocs:leadership_edit", lambda w: w.bloc_year.pk, "council_officer", "secretariat", "other_unit_officer"),
    ("blocs:member_add", lambda w: w.bloc_year.pk, "council_officer", "deputy_officer", "outsider"),
    (
        "blocs:membership_end",
        lambda w: w.bloc_year.memberships.get(unit=w.member).pk,
        "council_officer",
        "unit_officer",
        "other_unit_officer",
    ),
    ("blocs:unit_edit", lambda w: w.member.pk, "unit_officer", "secretariat", "other_unit_officer"),
    ("blocs:unit_rename", lambda w: w.member.pk, "council_officer", "unit_officer", "other_council_officer"),
    ("blocs:unit_succession", lambda w: w.member.pk, "council_officer", "unit_leader", "outsider"),
]


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_allowed_persona_gets_page(client, request, world, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(allowed))

    response = client.get(reverse(name, args=[pk_of(world)]))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), [v for v in VIEWS if v[3]])
def test_view_visible_but_not_allowed_gets_403(client, request, world, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(refused))

    assert client.get(reverse(name, args=[pk_of(world)])).status_code == 403
    assert client.post(reverse(name, args=[pk_of(world)]), {}).status_code == 403


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_invisible_object_gets_404(client, request, world, name, pk_of, allowed, refused, blind):
    client.force_login(request.getfixturevalue(blind))

    assert client.get(reverse(name, args=[pk_of(world)])).status_code == 404


@pytest.mark.parametrize(("name", "pk_of", "allowed", "refused", "blind"), VIEWS)
def test_view_anonymous_is_sent_to_login(client, world, name, pk_of, allowed, refused, blind):
    url = reverse(name, args=[pk_of(world)])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["dashboard", "blocs:bloc_list"])
def test_view_lists_anonymous_is_sent_to_login(client, db, name):
    assert client.get(reverse(name)).status_code == 302


def test_view_missing_object_gets_404(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("blocs:bloc_detail", args=[999999])).status_code == 404


def test_bloc_list_shows_only_visible_blocs(client, world, unit_officer):
    client.force_login(unit_officer)

    response = client.get(reverse("blocs:bloc_list"))

    assert world.bloc.name in response.content.decode()
    assert world.other_bloc_year.bloc.name not in response.content.decode()


def test_bloc_detail_shows_members_and_leadership_history(client, world, council_member):
    client.force_login(council_member)

    html = client.get(reverse("blocs:bloc_detail", args=[world.bloc.pk])).content.decode()

    for unit in (world.head, world.deputy, world.member):
        assert unit.name in html
    assert 'data-testid="leadership-history"' in html


def test_bloc_year_edit_saves_through_service_with_audit(client, world, secretariat):
    client.force_login(secretariat)
    url = reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk])

    response = client.post(
        url, {"theme": "Đoàn kết, sáng tạo", "slogan": "", "plan_number": "12/KH-KTĐ", "plan_date": "05/04/2020"}
    )

    assert response.status_code == 302
    world.bloc_year.refresh_from_db()
    assert world.bloc_year.plan_date == datetime.date(2020, 4, 5)
    entry = ActivityLog.objects.get(action="blocs.bloc_year.updated")
    assert entry.actor == secretariat
    assert entry.data["after"]["plan_number"] == "12/KH-KTĐ"


def test_bloc_year_edit_decomposed_unicode_is_stored_nfc(client, world, secretariat):
    client.force_login(secretariat)
    decomposed = "Đoàn kết".replace("à", "a\u0300")

    client.post(reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk]), {"theme": decomposed})

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.theme == "Đoàn kết"


def test_bloc_year_edit_bidirectional_override_is_dropped(client, world, secretariat):
    client.force_login(secretariat)

    client.post(
        reverse("blocs:bloc_year_edit", args=[world.bloc_year.pk]), {"theme": "Đoàn \u202ekết\u202c \u2067x\u2069"}
    )

    world.bloc_year.refresh_from_db()
    assert world.bloc_year.theme == "Đoàn kết x"


def test_bloc_rule_edit_bad_date_shows_error_and_changes_nothing(client, world, secretariat):
    client.force_login(secretariat)
    before = world.bloc_year.rule.registration_deadline
    data = {
        "flag_quota": 1,
        "vote_threshold_percent": "150",
        "vote_denominator": "all",
        "registration_deadline": "31/02/2020",
        "six_month_report_deadline": "15/07/2020",
        "annual_report_deadline": "30/11/2020",
        "self_scoring_deadline": "30/11/2020",
        "dossier_deadline": "10/12/2020",
    }

    response = client.post(reverse("blocs:bloc_rule_edit", args=[world.bloc_year.pk]), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert "registration_deadline" in form.errors
    assert "vote_threshold_percent" in form.errors
    world.bloc_year.rule.refresh_from_db()
    assert world.bloc_year.rule.registration_deadline == before
    assert not ActivityLog.objects.exists()


def test_leadership_edit_outsider_unit_in_post_is_refused(client, world, council_officer):
    client.force_login(council_officer)
    stranger = UnitFactory(province=world.province)

    response = client.post(
        reverse("blocs:leadership_edit", args=[world.bloc_year.pk]),
        {"head": stranger.pk, "deputies": [world.deputy.pk]},
    )

    assert response.status_code == 400
    assert Membership.objects.get(bloc_year=world.bloc_year, role=MemberRole.HEAD).unit == world.head


def test_leadership_edit_rotates_head(client, world, council_officer):
    client.force_login(council_officer)

    response = client.post(
        reverse("blocs:leadership_edit", args=[world.bloc_year.pk]),
        {"head": world.deputy.pk, "deputies": [world.member.pk]},
    )

    assert response.status_code == 302
    roles = dict(Membership.objects.filter(bloc_year=world.bloc_year).values_list("unit_id", "role"))
    assert roles == {
        world.deputy.pk: MemberRole.HEAD,
        world.member.pk: MemberRole.DEPUTY,
        world.head.pk: MemberRole.MEMBER,
    }


def test_membership_end_head_is_refused_with_message(client, world, council_officer):
    client.force_login(council_officer)
    head_membership = world.bloc_year.memberships.get(unit=world.head)

    response = client.post(
        reverse("blocs:membership_end", args=[head_membership.pk]), {"left_on": "01/07/2020", "reason": "Sáp nhập"}
    )

    assert response.status_code == 400
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert world.head.name in errors[0]
    head_membership.refresh_from_db()
    assert head_membership.left_on is None


def test_member_add_adds_unit_with_audit(client, world, council_officer):
    client.force_login(council_officer)
    newcomer = UnitFactory(province=world.province, name="Tiểu đoàn CSCĐ số 2")

    response = client.post(
        reverse("blocs:member_add", args=[world.bloc_year.pk]), {"unit": newcomer.pk, "joined_on": "27/02/2020"}
    )

    assert response.status_code == 302
    assert world.bloc_year.memberships.filter(unit=newcomer, role=MemberRole.MEMBER).exists()
    assert ActivityLog.objects.filter(action="blocs.membership.added", object_id=world.bloc_year.pk).exists()


def test_bloc_year_create_copies_members_and_rules(client, world, council_officer):
    client.force_login(council_officer)

    response = client.post(reverse("blocs:bloc_year_create", args=[world.bloc.pk]), {"year": " 2021"})

    assert response.status_code == 302
    assert response.url == reverse("blocs:bloc_detail", args=[world.bloc.pk]) + "?year=2021"
    new_year = BlocYear.objects.get(bloc=world.bloc, year=2021)
    assert new_year.memberships.count() == 3
    assert new_year.rule.registration_deadline == datetime.date(2021, 3, 31)


def test_bloc_year_create_existing_year_is_refused(client, world, council_officer):
    client.force_login(council_officer)

    response = client.post(reverse("blocs:bloc_year_create", args=[world.bloc.pk]), {"year": 2020})

    assert response.status_code == 400
    assert BlocYear.objects.filter(bloc=world.bloc).count() == 1


def test_unit_rename_keeps_history(client, world, council_officer):
    client.force_login(council_officer)
    data = {
        "name": "Thanh tra tỉnh (mới)",
        "short_name": "TTT",
        "effective_date": "01/03/2025",
        "legal_basis": "QĐ 1/2025",
    }

    response = client.post(reverse("blocs:unit_rename", args=[world.member.pk]), data)

    assert response.status_code == 302
    assert list(world.member.names.order_by("id").values_list("name", flat=True)) == [
        "Công an tỉnh",
        "Thanh tra tỉnh (mới)",
    ]
    page = client.get(reverse("blocs:unit_detail", args=[world.member.pk])).content.decode()
    assert "Công an tỉnh" in page


def test_unit_succession_merges_into_successor(client, world, council_officer):
    client.force_login(council_officer)
    successor = UnitFactory(province=world.province, name="Công an tỉnh mới")
    data = {
        "kind": "absorb",
        "successors": [successor.pk],
        "effective_date": "01/07/2025",
        "legal_basis": "NQ 202/2025/QH15",
    }

    response = client.post(reverse("blocs:unit_succession", args=[world.member.pk]), data)

    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.status == UnitStatus.MERGED
    assert world.member.valid_to == datetime.date(2025, 6, 30)
    assert world.member.successions_out.get().successor == successor


def test_unit_edit_own_officer_changes_leader(client, world, unit_officer):
    client.force_login(unit_officer)

    response = client.post(
        reverse("blocs:unit_edit", args=[world.member.pk]),
        {"short_name": "CAT", "leader_name": "Nguyễn Văn A", "leader_title": "Giám đốc"},
    )

    assert response.status_code == 302
    assert Unit.objects.get(pk=world.member.pk).leader_name == "Nguyễn Văn A"


def test_bloc_detail_query_count_does_not_grow_with_years_or_members(client, admin_user):
    first = bloc_year_with_members(year=2015, members=3)
    client.force_login(admin_user)
    url = reverse("blocs:bloc_detail", args=[first.bloc.pk])
    small = page_queries(client, url)

    for year in range(2016, 2020):
        BlocYear.objects.filter(pk=bloc_year_with_members(year=year, members=8).pk).update(bloc=first.bloc)

    assert page_queries(client, url) == small


def test_bloc_list_query_count_does_not_grow_with_blocs(client, admin_user):
    bloc_year_with_members(members=3)
    client.force_login(admin_user)
    url = reverse("blocs:bloc_list")
    small = page_queries(client, url)

    for _ in range(6):
        bloc_year_with_members(members=5)

    assert page_queries(client, url) == small


def test_unit_detail_query_count_does_not_grow_with_memberships(client, world, admin_user):
    client.force_login(admin_user)
    url = reverse("blocs:unit_detail", args=[world.member.pk])
    small = page_queries(client, url)

    for year in range(2021, 2026):
        BlocYearFactory(bloc=world.bloc, year=year).memberships.create(unit=world.member)

    assert page_queries(client, url) == small


def test_bloc_detail_past_year_shows_the_name_the_unit_had_then(client, world, council_member, council_officer):
    services.rename_unit(
        world.head,
        actor=council_officer,
        name="Thanh tra tỉnh Hà Tĩnh (mới)",
        short_name="",
        effective_date=datetime.date(2025, 3, 1),
        legal_basis="QĐ 1/2025",
    )
    BlocYearFactory(bloc=world.bloc, year=2025).memberships.create(unit=world.head, role=MemberRole.HEAD)
    client.force_login(council_member)
    url = reverse("blocs:bloc_detail", args=[world.bloc.pk])

    old = client.get(url, {"year": 2020}).content.decode()
    new = client.get(url, {"year": 2025}).content.decode()

    members_2020 = old.split('data-testid="members"')[1].split("</table>")[0]
    members_2025 = new.split('data-testid="members"')[1].split("</table>")[0]
    assert "Thanh tra tỉnh</a>" in members_2020
    assert "Thanh tra tỉnh Hà Tĩnh (mới)" in members_2025
    history = new.split('data-testid="leadership-history"')[1]
    assert "<td>Thanh tra tỉnh</td>" in history and "<td>Thanh tra tỉnh Hà Tĩnh (mới)</td>" in history


def test_bloc_detail_lists_head_first_then_deputies(client, world, council_member):
    client.force_login(council_member)

    response = client.get(reverse("blocs:bloc_detail", args=[world.bloc.pk]))

    names = [m.unit_name for m in response.context["selected"].memberships.all()]
    assert names == [world.head.name, world.deputy.name, world.member.name]


def test_membership_end_in_closed_year_is_forbidden_and_hidden(client, world, council_officer):
    world.bloc_year.status = "closed"
    world.bloc_year.save()
    membership = world.bloc_year.memberships.get(unit=world.member)
    client.force_login(council_officer)

    response = client.post(
        reverse("blocs:membership_end", args=[membership.pk]), {"left_on": "01/07/2020", "reason": "x"}
    )
    page = client.get(reverse("blocs:bloc_detail", args=[world.bloc.pk])).content.decode()

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.left_on is None
    assert reverse("blocs:membership_end", args=[membership.pk]) not in page


def test_unit_list_shows_only_visible_units(client, world, unit_officer):
    client.force_login(unit_officer)

    html = client.get(reverse("blocs:unit_list")).content.decode()

    assert world.head.name in html and world.member.name in html
    assert world.other_unit.name not in html


def test_unit_list_finds_a_unit_by_its_former_name(client, world, council_officer):
    services.rename_unit(
        world.member,
        actor=council_officer,
        name="Công an tỉnh Hà Tĩnh",
        short_name="",
        effective_date=datetime.date(2025, 3, 1),
        legal_basis="x",
    )
    client.force_login(council_officer)

    response = client.get(reverse("blocs:unit_list"), {"q": "công an tỉnh"})

    assert [u.pk for u in response.context["page"].object_list] == [world.member.pk]


def test_unit_list_search_for_unknown_name_says_so(client, world, council_officer):
    client.force_login(council_officer)

    html = client.get(reverse("blocs:unit_list"), {"q": "Không tồn tại"}).content.decode()

    assert 'data-testid="empty-state"' in html


def test_unit_list_query_count_does_not_grow_with_units(client, world, admin_user):
    client.force_login(admin_user)
    url = reverse("blocs:unit_list")
    small = page_queries(client, url)

    for _ in range(10):
        UnitFactory(province=world.province)

    assert page_queries(client, url) == small


def test_unit_succession_page_dissolves_without_successor(client, world, council_officer):
    client.force_login(council_officer)
    data = {"kind": "dissolved", "effective_date": "01/07/2025", "legal_basis": "QĐ 9/2025"}

    response = client.post(reverse("blocs:unit_succession", args=[world.member.pk]), data)

    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.status == UnitStatus.DISSOLVED


@pytest.mark.parametrize(("kind", "with_successor"), [("dissolved", True), ("absorb", False)])
def test_unit_succession_page_successor_mismatch_is_refused(client, world, council_officer, kind, with_successor):
    client.force_login(council_officer)
    data = {"kind": kind, "effective_date": "01/07/2025", "legal_basis": "x"}
    if with_successor:
        data["successors"] = [world.head.pk]

    response = client.post(reverse("blocs:unit_succession", args=[world.member.pk]), data)

    assert response.status_code == 400
    assert "successors" in response.context["form"].errors
    world.member.refresh_from_db()
    assert world.member.status == UnitStatus.ACTIVE


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("secretariat", ["scheme-link", "scores-link", "my-sheet-link"], []),
        ("council_officer", ["scheme-link", "scores-link"], ["my-sheet-link"]),
        ("unit_officer", ["scheme-link", "my-sheet-link"], ["scores-link"]),
    ],
)
def test_bloc_detail_links_each_persona_to_the_scoring_pages_it_may_open(
    client, world, request, persona, shown, hidden
):
    client.force_login(request.getfixturevalue(persona))

    content = client.get(reverse("blocs:bloc_detail", args=[world.bloc.pk])).content.decode()

    assert all(f'data-testid="{link}"' in content for link in shown)
    assert not any(f'data-testid="{link}"' in content for link in hidden)
