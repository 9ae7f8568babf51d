import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from blocs.enums import MemberRole
from blocs.models import Membership
from core.models import ActivityLog, SecurityEvent
from tests.factories import UserFactory
from tests.otp import current_code, enrolled_device, plain_force_login
from tests.queries import page_queries
from twofactor import services

PASSWORD = "mat-khau-rieng-2026"
ENROL = reverse("twofactor:enrol")
VERIFY = reverse("twofactor:verify")


def _sign_in_with_password(client, user):
    user.set_password(PASSWORD)
    user.save()
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)


def _enrol(user) -> list[str]:
    device = services.start_enrolment(user)
    return services.confirm_enrolment(device, code=current_code(device))


def test_sign_in_secretariat_without_device_lands_on_enrolment_with_qr_and_key(client, secretariat):
    response = _sign_in_with_password(client, secretariat)

    assert response.redirect_chain[-1][0].startswith(ENROL)
    page = response.content.decode()
    assert "<svg" in page and "<path" in page
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    key = re.search(r'data-testid="totp-key">([A-Z2-7 ]+)<', page).group(1)
    assert key.replace(" ", "") in device.config_url
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and "style=" not in page  # a strict CSP holds


def test_enrol_right_code_shows_recovery_codes_once_and_opens_the_site(client, secretariat):
    _sign_in_with_password(client, secretariat)
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)

    response = client.post(ENROL, {"code": current_code(device), "next": "/"})

    assert response.status_code == 200
    tokens = StaticToken.objects.filter(device__user=secretariat).values_list("token", flat=True)
    assert all(token in response.content.decode() for token in tokens) and len(tokens) == 10
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(ENROL).status_code == 302  # enrolled: the page no longer shows a key


def test_enrol_wrong_code_shows_the_error_and_confirms_nothing(client, secretariat, english):
    _sign_in_with_password(client, secretariat)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_enrol_unverified_user_with_device_is_sent_to_the_code_step(client, secretariat):
    enrolled_device(secretariat)
    plain_force_login(client, secretariat)

    response = client.get(ENROL)

    assert response.status_code == 302 and response.url == VERIFY
    assert TOTPDevice.objects.filter(user=secretariat).count() == 1  # no second key handed out


def test_sign_in_enrolled_user_asks_for_code_then_goes_to_next(client, unit_officer):
    device = enrolled_device(unit_officer)  # a voluntary enrolment: asked too
    response = _sign_in_with_password(client, unit_officer)
    assert response.redirect_chain[-1][0].startswith(VERIFY)

    response = client.post(VERIFY, {"code": current_code(device), "next": reverse("blocs:bloc_list")})

    assert response.status_code == 302 and response.url == reverse("blocs:bloc_list")
    assert client.get(reverse("dashboard")).status_code == 200


def test_verify_next_to_another_site_goes_to_the_dashboard(client, secretariat):
    device = enrolled_device(secretariat)
    plain_force_login(client, secretariat)

    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})

    assert response.url == reverse("dashboard")


def test_verify_cycles_the_session_key(client, secretariat):
    device = enrolled_device(secretariat)
    plain_force_login(client, secretariat)
    before = client.session.session_key

    client.post(VERIFY, {"code": current_code(device)})

    assert client.session.session_key != before


def test_verify_wrong_code_answers_400_and_records_the_failure(client, secretariat, english):
    device = enrolled_device(secretariat)
    plain_force_login(client, secretariat)

    response = client.post(VERIFY, {"code": f"{(int(current_code(device)) + 1) % 10**6:06d}"}, REMOTE_ADDR="10.1.1.1")

    assert response.status_code == 400 and "That code is not right" in response.content.decode()
    assert SecurityEvent.objects.get().ip_address == "10.1.1.1"
    assert client.get(reverse("dashboard")).status_code == 302


def test_verify_throttled_says_when_to_try_again(client, secretariat, english):
    device = enrolled_device(secretariat)
    plain_force_login(client, secretariat)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 400
    assert "Too many wrong codes. Wait until" in response.content.decode()


def test_verify_recovery_code_warns_how_many_are_left(client, secretariat, english):
    codes = _enrol(secretariat)
    plain_force_login(client, secretariat)

    response = client.post(VERIFY, {"code": codes[3]}, follow=True)

    assert "You signed in with a recovery code; 9 are left." in response.content.decode()
    assert ActivityLog.objects.filter(action="twofactor.recovery_code.used").count() == 1


def test_rotation_unit_officer_becoming_head_is_asked_to_enrol_at_next_request(client, world, unit_officer):
    plain_force_login(client, unit_officer)
    assert client.get(reverse("dashboard")).status_code == 200

    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.head).update(role=MemberRole.MEMBER)
    Membership.objects.filter(bloc_year=world.bloc_year, unit=world.member).update(role=MemberRole.HEAD)

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(ENROL)


def test_required_off_secretariat_without_device_passes_but_enrolled_user_is_asked(client, settings, secretariat):
    settings.TWO_FACTOR_REQUIRED = False
    plain_force_login(client, secretariat)
    assert client.get(reverse("dashboard")).status_code == 200

    enrolled_device(secretariat)
    assert client.get(reverse("dashboard")).url.startswith(VERIFY)


def test_account_page_required_off_says_it_is_a_development_demo(client, settings, unit_officer):
    settings.TWO_FACTOR_REQUIRED = False
    plain_force_login(client, unit_officer)  # not enrolled

    page = client.get(reverse("twofactor:account")).content.decode()

    assert 'data-testid="two-factor-off"' in page and reverse("twofactor:enrol") in page


def test_account_page_required_on_has_no_demo_note(client, unit_officer):
    client.force_login(unit_officer)

    assert 'data-testid="two-factor-off"' not in client.get(reverse("twofactor:account")).content.decode()


def test_user_menu_links_to_the_account_page(client, unit_officer):
    client.force_login(unit_officer)

    assert f'href="{reverse("twofactor:account")}"' in client.get(reverse("dashboard")).content.decode()


def _verified(client, user, device):
    plain_force_login(client, user)
    client.post(VERIFY, {"code": current_code(device)})


@pytest.fixture
def enrolled_secretariat(client, secretariat):
    secretariat.set_password(PASSWORD)
    secretariat.save()
    _enrol(secretariat)
    device = TOTPDevice.objects.get(user=secretariat)
    _verified(client, secretariat, device)
    return secretariat, device


def test_change_new_codes_with_password_and_code_shows_ten_new_codes(client, enrolled_secretariat):
    user, device = enrolled_secretariat

    response = client.post(
        reverse("twofactor:change"), {"what": "codes", "password": PASSWORD, "code": current_code(device)}
    )

    tokens = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert response.status_code == 200 and all(token in response.content.decode() for token in tokens)
    assert ActivityLog.objects.filter(action="twofactor.recovery_codes.regenerated").count() == 1


def test_change_wrong_password_changes_nothing(client, enrolled_secretariat, english):
    user, device = enrolled_secretariat
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))

    response = client.post(
        reverse("twofactor:change"), {"what": "remove", "password": "sai", "code": current_code(device)}, follow=True
    )

    assert "Your password is not right." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == tokens


def test_change_without_code_changes_nothing(client, enrolled_secretariat):
    user, _device = enrolled_secretariat

    client.post(reverse("twofactor:change"), {"what": "remove", "password": PASSWORD, "code": ""})

    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_change_replace_removes_device_and_sends_required_user_to_enrol(client, enrolled_secretariat):
    user, device = enrolled_secretariat

    response = client.post(
        reverse("twofactor:change"), {"what": "replace", "password": PASSWORD, "code": current_code(device)}
    )

    assert response.url == ENROL
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("dashboard")).url.startswith(ENROL)
    assert ActivityLog.objects.filter(action="twofactor.device.removed", actor=user).count() == 1


def test_reset_by_admin_removes_the_device_with_the_reason(client, admin_user, secretariat):
    enrolled_device(secretariat)
    client.force_login(admin_user)

    response = client.post(reverse("twofactor:reset", args=[secretariat.pk]), {"reason": "Mất điện thoại"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat).exists()
    entry = ActivityLog.objects.get(action="twofactor.device.reset")
    assert (entry.actor, entry.object_id) == (admin_user, secretariat.pk)
    assert entry.data == {"reason": "Mất điện thoại", "sessions_ended": 0}


def test_reset_by_admin_ends_the_persons_verified_sessions_only(client, admin_user, secretariat, unit_officer):
    phone_holder, bystander, admin = Client(), Client(), Client()
    phone_holder.force_login(secretariat)  # verified with the device about to be reset
    bystander.force_login(unit_officer)
    admin.force_login(admin_user)

    admin.post(reverse("twofactor:reset", args=[secretariat.pk]), {"reason": "Điện thoại bị mất cắp"})

    assert phone_holder.get(reverse("dashboard")).url.startswith(reverse("login"))
    assert bystander.get(reverse("dashboard")).status_code == 200
    assert admin.get(reverse("dashboard")).status_code == 200
    assert ActivityLog.objects.get(action="twofactor.device.reset").data["sessions_ended"] == 1


def test_reset_without_reason_changes_nothing(client, admin_user, secretariat):
    enrolled_device(secretariat)
    client.force_login(admin_user)

    client.post(reverse("twofactor:reset", args=[secretariat.pk]), {"reason": ""})

    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
    assert not ActivityLog.objects.filter(action="twofactor.device.reset").exists()


def test_reset_by_council_officer_is_forbidden(client, council_officer, secretariat):
    enrolled_device(secretariat)
    client.force_login(council_officer)

    response = client.post(reverse("twofactor:reset", args=[secretariat.pk]), {"reason": "x"})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()


def test_reset_of_a_user_without_device_is_404(client, admin_user, unit_officer):
    client.force_login(admin_user)

    assert client.post(reverse("twofactor:reset", args=[unit_officer.pk]), {"reason": "x"}).status_code == 404


def test_enrolled_users_page_lists_people_for_admin_only(client, admin_user, council_officer, secretariat):
    enrolled_device(secretariat)
    client.force_login(admin_user)
    assert secretariat.username in client.get(reverse("twofactor:enrolled_users")).content.decode()

    client.force_login(council_officer)
    assert client.get(reverse("twofactor:enrolled_users")).status_code == 403


def test_django_admin_shows_no_device_secrets(client, admin_user):
    client.force_login(admin_user)

    index = client.get(reverse("admin:index")).content.decode()

    assert "totpdevice" not in index and "staticdevice" not in index


def _enrolled_users_page_queries(client, count) -> int:
    for user in UserFactory.create_batch(count):
        enrolled_device(user)
    return page_queries(client, reverse("twofactor:enrolled_users"))


def test_enrolled_users_page_queries_do_not_grow_with_people(client, admin_user):
    client.force_login(admin_user)  # enrolled too: one row already

    assert _enrolled_users_page_queries(client, 1) == _enrolled_users_page_queries(client, 5)
