"""The title catalogue: seeded by migration 0002, kept by the admin, offered only while active."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from pledges.forms.commitments import RegistrationCreateForm
from pledges.models import Title

SEEDED = [
    ("Cờ thi đua của Chính phủ", "government", True),
    ("Cờ thi đua của UBND tỉnh", "province", True),
    ("Bằng khen của Thủ tướng Chính phủ", "government", False),
    ("Bằng khen của Chủ tịch UBND tỉnh", "province", False),
    ("Tập thể lao động xuất sắc", "province", False),
    ("Tập thể lao động tiên tiến", "agency", False),
    ("Giấy khen", "agency", False),
]


def test_title_catalogue_seeded_by_migration_in_order(db):
    assert list(Title.objects.values_list("name", "level", "is_flag")) == SEEDED


def test_title_admin_admin_user_lists_and_adds_titles(client, admin_user):
    assert Title in site._registry
    client.force_login(admin_user)

    assert client.get(reverse("admin:pledges_title_changelist")).status_code == 200
    response = client.post(
        reverse("admin:pledges_title_add"),
        {"name": "Cờ thi đua của Bộ Công an", "level": "government", "is_flag": "on", "position": 3, "is_active": "on"},
    )

    assert response.status_code == 302
    assert Title.objects.get(name="Cờ thi đua của Bộ Công an").is_flag


def test_title_admin_refused_to_council_officer(client, council_officer):
    client.force_login(council_officer)

    response = client.get(reverse("admin:pledges_title_changelist"))

    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("active", [True, False])
def test_registration_form_offers_only_active_titles(db, active):
    title = Title.objects.create(name="Danh hiệu thử", level="agency", is_active=active)

    offered = RegistrationCreateForm().fields["title"].queryset

    assert (title in offered) is active
