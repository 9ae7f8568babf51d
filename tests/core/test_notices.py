"""In-app notices: created once per key, shown on the dashboard, marked read."""

from django.urls import reverse

from core.models import Notice
from core.services import notify


def test_notify_same_key_twice_creates_one_notice(unit_officer):
    first = notify(unit_officer, text="Báo cáo 6 tháng đến hạn sau 7 ngày", key="report:1:7d")
    second = notify(unit_officer, text="Báo cáo 6 tháng đến hạn sau 7 ngày", key="report:1:7d")

    assert first is not None and second is None
    assert Notice.objects.filter(user=unit_officer).count() == 1


def test_notify_without_key_always_creates(unit_officer):
    notify(unit_officer, text="a")
    notify(unit_officer, text="a")

    assert Notice.objects.filter(user=unit_officer).count() == 2


def test_dashboard_shows_own_unread_notices_only(client, unit_officer, other_unit_officer):
    notify(unit_officer, text="Nhắc việc của tôi", url="/blocs/")
    notify(other_unit_officer, text="Nhắc việc của người khác")
    client.force_login(unit_officer)

    content = client.get(reverse("dashboard")).content.decode()

    assert "Nhắc việc của tôi" in content and "Nhắc việc của người khác" not in content


def test_notices_read_marks_only_own_notices(client, unit_officer, other_unit_officer):
    notify(unit_officer, text="mine")
    notify(other_unit_officer, text="theirs")
    client.force_login(unit_officer)

    response = client.post(reverse("notices_read"))

    assert response.status_code == 302
    assert not Notice.objects.filter(user=unit_officer, read_at__isnull=True).exists()
    assert Notice.objects.filter(user=other_unit_officer, read_at__isnull=True).count() == 1
    assert "mine" not in client.get(reverse("dashboard")).content.decode()


def test_notices_read_refuses_get(client, unit_officer):
    client.force_login(unit_officer)

    assert client.get(reverse("notices_read")).status_code == 405
