"""Reads of certificate printing: the layouts, and the approved awards of a decision with the layout each is
printed on. The decision itself comes through the decisions' chokepoint (``decisions.get_decision_for_user``);
``awards.print_certificates`` says who prints it."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from awards.models import AwardDecision, CertificateLayout, DecisionItem
from blocs.selectors import roles_of
from core.models import User
from core.selectors import get_or_404

Viewer = User | AnonymousUser


def visible_layouts(user: Viewer) -> QuerySet[CertificateLayout]:
    """Every layout for the administrator and the council offices (they print); none for anyone else."""
    roles = roles_of(user)
    if roles.is_admin or roles.office_province_ids:
        return CertificateLayout.objects.prefetch_related("fields")
    return CertificateLayout.objects.none()


def get_certificate_layout_for_user(user: Viewer, pk: object) -> CertificateLayout:
    """The layout, or 404 when it does not exist or the user prints no certificates."""
    return get_or_404(visible_layouts(user), pk)


@dataclass(frozen=True)
class Certificate:
    """One sheet to print: an approved award and the layout of its award type."""

    item: DecisionItem
    layout: CertificateLayout


def certificates_of(decision: AwardDecision) -> list[Certificate]:
    """The decision's approved, unrevoked awards whose type has a layout (a flag has none: it is not printed),
    by award type then unit name."""
    layouts = {layout.award: layout for layout in CertificateLayout.objects.prefetch_related("fields")}
    items = (
        decision.items.filter(approved=True, revoked_on__isnull=True)
        .select_related("unit")
        .prefetch_related("unit__names")
    )
    return [
        Certificate(item, layouts[item.award])
        for item in items.order_by("award", "unit__name", "pk")
        if item.award in layouts
    ]
