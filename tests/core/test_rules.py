import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("superuser", "staff", "allowed"), [(True, True, True), (False, True, False), (False, False, False)]
)
def test_open_admin_site_superuser_only(db, superuser, staff, allowed):
    user = UserFactory(is_superuser=superuser, is_staff=staff)

    assert user.has_perm("core.open_admin_site") is allowed


def test_open_admin_site_anonymous_refused():
    assert AnonymousUser().has_perm("core.open_admin_site") is False


@pytest.mark.parametrize(("superuser", "shown"), [(True, True), (False, False)])
def test_base_admin_link_follows_open_admin_site(client, db, superuser, shown):
    client.force_login(UserFactory(is_superuser=superuser, is_staff=superuser))

    response = client.get(reverse("dashboard"))

    assert (reverse("admin:index").encode() in response.content) is shown
