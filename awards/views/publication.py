"""Pages of the publication for comment: the list of publications, publishing one, a published list, and
recording a comment received."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.forms.publication import PublicCommentForm, PublishListForm
from awards.presenters import publication as presenters
from awards.selectors import publication as selectors
from awards.services import publication as services
from core.actions import AuthenticatedRequest, handle_form, require


def publication_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "awards/publication_list.html", presenters.publication_list_page(request.user))


def publication_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    publication = selectors.get_publication_for_user(request.user, pk)
    require(request.user, "awards.view_publication", publication)
    context = presenters.publication_page(request.user, publication)
    return render(request, "awards/publication_detail.html", context)


@require_http_methods(["GET", "POST"])
def publication_create(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, "awards.publish_lists")
    form = PublishListForm(
        request.POST or None,
        provinces=selectors.publishing_provinces(request.user),
        initial={"opens_on": timezone.localdate(), "year": timezone.localdate().year},
    )

    def perform(data):  # the form offers only the provinces the user publishes for
        return services.publish_list(data.pop("province"), actor=request.user, **data)

    return handle_form(
        request,
        form,
        perform=perform,
        success_url=lambda publication: reverse("awards:publication_detail", args=[publication.pk]),
        success_message=_("The list was published for comment."),
        title=_("Publish the proposed awards for comment"),
        back_url=reverse("awards:publication_list"),
    )


@require_http_methods(["GET", "POST"])
def public_comment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    publication = selectors.get_publication_for_user(request.user, pk)
    require(request.user, "awards.record_public_comment", publication)
    back = reverse("awards:publication_detail", args=[publication.pk])
    return handle_form(
        request,
        PublicCommentForm(
            request.POST or None, items=publication.items.all(), initial={"received_on": timezone.localdate()}
        ),
        perform=lambda data: services.record_comment(publication, actor=request.user, **data),
        success_url=back,
        success_message=_("The comment was recorded."),
        title=_("Record a comment on %(publication)s") % {"publication": publication},
        back_url=back,
    )
