"""Reads for two-factor sign-in: who must use it, and which devices a person holds."""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from blocs.enums import BlocYearStatus, MemberRole
from blocs.models import Membership
from blocs.selectors import Viewer, roles_of
from core.models import User
from core.selectors import get_or_404


def heads_an_open_bloc_year(user: Viewer) -> bool:
    """The user is an officer of the head unit of a bloc-year not yet closed: the secretariat (blocs.rules).

    Derived, like ``is_secretariat``: a unit that becomes head by rotation makes its officers owe the
    second factor from their next request, with no flag to set. A closed year is read-only for
    everyone, so leading one gives no power worth a second factor.
    """
    officer_units = roles_of(user).officer_unit_ids
    if not officer_units:
        return False
    heads = Membership.objects.filter(unit_id__in=officer_units, role=MemberRole.HEAD, left_on__isnull=True)
    return heads.exclude(bloc_year__status=BlocYearStatus.CLOSED).exists()


def holds_required_role(user: Viewer) -> bool:
    """System administrator, council-office officer, council member or bloc secretariat."""
    roles = roles_of(user)
    if roles.is_admin or roles.office_province_ids or roles.council_province_ids:
        return True
    return heads_an_open_bloc_year(user)


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp_device(user: User) -> TOTPDevice | None:
    """The device being enrolled: created with its key when the enrolment page was first shown."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: User) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def enrolled_users() -> "list[User]":
    """Every user with a confirmed authenticator, for the administrator's reset page."""
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return list(User.objects.filter(pk__in=enrolled).order_by("username"))


def get_enrolled_user(pk: object) -> User:
    """A user holding a confirmed authenticator, else 404 (the reset page's chokepoint; the view checks the rule)."""
    return get_or_404(User.objects.filter(totpdevice__confirmed=True).distinct(), pk)
