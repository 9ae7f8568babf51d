"""The legal catalogue: seeded by the `catalogue` migration, linked one-to-one to pledges' titles,
read by date through the selectors, kept by the administrator in the admin."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.enums import AwardKind, AwardTypeCode
from awards.models import AwardType, BaseSalary, LegalRegime
from awards.selectors import catalogue
from core.exceptions import DomainError
from pledges.models import Title

D = datetime.date


def test_catalogue_seeded_one_award_type_per_title(db):
    """One catalogue, not two: every seeded title has its award type, and no title was duplicated."""
    names = list(Title.objects.values_list("name", flat=True))

    assert len(names) == len(set(names)) == 7
    assert set(AwardType.objects.values_list("title__name", flat=True)) == set(names)
    assert set(AwardType.objects.values_list("code", flat=True)) == set(AwardTypeCode.values)


def test_catalogue_award_kinds_match_codes(db):
    """The meeting's AwardKind values name award types of the catalogue."""
    for kind in AwardKind.values:
        assert catalogue.award_type_of(kind) is not None


def test_catalogue_flags_need_a_council_vote_with_the_flag_threshold(db):
    votes = dict(AwardType.objects.values_list("code", "vote_threshold"))

    assert votes == {
        "government_flag": "flag",
        "province_flag": "flag",
        "prime_minister_merit": "",
        "province_merit": "",
        "excellent_collective": "",
        "advanced_collective": "",
        "agency_merit": "",
    }
    assert Title.objects.get(award_type__code="province_flag").is_flag


@pytest.mark.parametrize(
    ("decided_on", "code"),
    [
        (D(2023, 12, 31), "law-2003-decree-91-2017"),
        (D(2024, 1, 1), "law-06-2022-decree-98-2023"),
        (D(2025, 6, 30), "law-06-2022-decree-98-2023"),
        (D(2025, 7, 1), "law-06-2022-decree-152-2025"),
    ],
)
def test_regime_for_seeded_boundary_dates(db, decided_on, code):
    """DOMAIN §1: Law 06/2022 + Decree 98/2023 from 01/01/2024; Decree 152/2025 from 01/07/2025."""
    assert catalogue.regime_for(decided_on).code == code


def test_regime_for_date_before_the_catalogue_refused(db):
    with pytest.raises(DomainError):
        catalogue.regime_for(D(2017, 9, 30))


@pytest.mark.parametrize(
    ("decided_on", "amount"),
    [(D(2019, 6, 30), 1_390_000), (D(2019, 7, 1), 1_490_000), (D(2024, 6, 30), 1_800_000), (D(2024, 7, 1), 2_340_000)],
)
def test_salary_for_seeded_boundary_dates(db, decided_on, amount):
    """DOMAIN §6: Decrees 72/2018, 38/2019, 24/2023, 73/2024."""
    assert catalogue.salary_for(decided_on).amount == amount


@pytest.mark.parametrize(
    ("code", "decided_on", "money"),
    [
        ("province_flag", D(2024, 6, 30), Decimal(14_400_000)),  # 8.0 × 1,800,000
        ("province_flag", D(2024, 7, 1), Decimal(18_720_000)),  # 8.0 × 2,340,000
        ("government_flag", D(2025, 7, 1), Decimal(28_080_000)),  # 12.0 × 2,340,000
        ("excellent_collective", D(2019, 7, 1), Decimal(2_235_000)),  # 1.5 × 1,490,000
        ("province_merit", D(2025, 7, 1), None),  # multiplier not verified: left empty
    ],
)
def test_money_for_seeded_award_types(db, code, decided_on, money):
    """DOMAIN §6: multiplier of the regime in force × base salary in force, both by the decision date."""
    assert catalogue.money_for(AwardType.objects.get(code=code), decided_on) == money


def test_money_for_reads_the_regime_rounding_step(db):
    LegalRegime.objects.filter(code="law-06-2022-decree-152-2025").update(money_rounding_vnd=10_000)
    BaseSalary.objects.create(amount=2_345_678, valid_from=D(2026, 7, 1), legal_basis="test")

    money = catalogue.money_for(AwardType.objects.get(code="advanced_collective"), D(2026, 7, 1))

    assert money == Decimal(1_880_000)  # 0.8 × 2,345,678 = 1,876,542.4, rounded up


def test_award_type_council_vote_without_threshold_refused_by_database(db):
    award_type = AwardType.objects.get(code="province_merit")
    award_type.council_vote_required = True

    with pytest.raises(IntegrityError), transaction.atomic():
        award_type.save()


@pytest.mark.parametrize("documents", [["ttr", "nonsense"], ["ttr", "ttr"], "ttr", [1]])
def test_award_type_required_documents_unknown_or_repeated_refused(db, documents):
    award_type = AwardType.objects.get(code="province_merit")
    award_type.required_documents = documents

    with pytest.raises(ValidationError):
        award_type.full_clean()


def test_legal_regime_overlapping_dates_refused_by_clean(db, english):
    regime = LegalRegime.objects.get(code="law-06-2022-decree-152-2025")
    draft = LegalRegime(
        code="draft",
        name="Draft",
        legal_basis="-",
        valid_from=D(2030, 1, 1),
        flag_threshold_percent=Decimal(80),
        fighter_threshold_percent=Decimal(90),
        quorum_numerator=2,
        quorum_denominator=3,
        attendance_percent=Decimal(80),
    )

    with pytest.raises(ValidationError, match="overlap"):
        draft.full_clean()
    regime.valid_to = D(2029, 12, 31)
    regime.save()
    draft.full_clean()


def test_legal_regime_admin_add_without_dates_form_errors_not_500(client, admin_user, english):
    """Found by the permission matrix: an empty add form made ``clean()`` query with a None date."""
    client.force_login(admin_user)
    count = LegalRegime.objects.count()

    response = client.post(reverse("admin:awards_legalregime_add"), {})

    assert response.status_code == 200
    assert "valid_from" in response.context["adminform"].form.errors
    assert LegalRegime.objects.count() == count


def test_legal_regime_ending_before_it_starts_refused_by_database(db):
    regime = LegalRegime.objects.get(code="law-06-2022-decree-98-2023")
    regime.valid_to = D(2023, 12, 31)

    with pytest.raises(IntegrityError), transaction.atomic():
        regime.save()


def test_catalogue_admin_admin_user_edits_award_type_documents(client, admin_user):
    award_type = AwardType.objects.get(code="province_merit")
    url = reverse("admin:awards_awardtype_change", args=[award_type.pk])
    client.force_login(admin_user)
    data = {
        "title": award_type.title_id,
        "code": award_type.code,
        "criteria": award_type.criteria,
        "legal_basis": award_type.legal_basis,
        "decided_by": award_type.decided_by,
        "vote_threshold": "",
        "multiplier_key": award_type.multiplier_key,
        "required_documents": ["ttr", "bb"],
        "note": "",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    award_type.refresh_from_db()
    assert award_type.required_documents == ["ttr", "bb"]


@pytest.mark.parametrize("model", ["awardtype", "legalregime", "basesalary"])
def test_catalogue_admin_lists_load(client, admin_user, model):
    last = apps.get_model("awards", model).objects.order_by("pk").last()
    client.force_login(admin_user)

    assert client.get(reverse(f"admin:awards_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:awards_{model}_change", args=[last.pk])).status_code == 200


def test_catalogue_admin_refused_to_council_officer(client, council_officer):
    client.force_login(council_officer)

    response = client.get(reverse("admin:awards_legalregime_changelist"))

    assert response.status_code == 302 and "login" in response.url
