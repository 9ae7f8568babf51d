"""Pages of certificate printing: the layouts with their test print, and the certificates of an issued decision
(both PDFs built in the background)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards.enums import CALIBRATION_KIND, CERTIFICATES_KIND
from awards.selectors import certificates as selectors
from awards.selectors.decisions import get_decision_for_user
from core.actions import AuthenticatedRequest, require
from core.services import request_generated_file


def layout_list(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.calibrate_certificates")
    return render(
        request, "awards/certificate_layouts.html", {"layouts": list(selectors.visible_layouts(request.user))}
    )


@require_POST
def layout_test_print(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    layout = selectors.get_certificate_layout_for_user(request.user, pk)
    require(request.user, "awards.calibrate_certificates", layout)
    return redirect(request_generated_file(layout, kind=CALIBRATION_KIND, actor=request.user))


@require_POST
def certificates_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    require(request.user, "awards.print_certificates", decision)
    if not selectors.certificates_of(decision):  # a flag is not printed; nothing approved has a layout
        messages.error(request, _("This decision has no certificate to print: no approved award has a layout."))
        return redirect(reverse("awards:decision_detail", args=[decision.pk]))
    return redirect(request_generated_file(decision, kind=CERTIFICATES_KIND, actor=request.user))
