"""Publication of the proposed units for comment (công khai) before the council's session, and the
comments received against each proposed award (issue 11).

The period is a province setting (``PublicationSetting.comment_days``; 7 days when unset): no legal
text in ``reference/`` fixes it, so it is never a constant in code.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.enums import DEFAULT_COMMENT_DAYS


class PublicationSetting(models.Model):
    """A province's own comment period, in calendar days counting the first day."""

    province = models.OneToOneField(
        "blocs.Province", on_delete=models.CASCADE, related_name="publication_setting", verbose_name=_("province")
    )
    comment_days = models.PositiveSmallIntegerField(
        _("comment period (days)"),
        default=DEFAULT_COMMENT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Calendar days the published list stays open for comment, the first day included."),
    )

    class Meta:
        verbose_name = _("publication setting")
        verbose_name_plural = _("publication settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_days__gte=1, comment_days__lte=90), name="publicationsetting_days_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.province}: {self.comment_days}"


class Publication(models.Model):
    """The list of proposed awards a province's council office published for comment for one emulation year.

    ``items`` is frozen when published: a dossier received later goes on a later publication.
    """

    province = models.ForeignKey(
        "blocs.Province", on_delete=models.PROTECT, related_name="publications", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("open for comment from"))
    closes_on = models.DateField(_("open for comment until"))
    items = models.ManyToManyField(
        "awards.ProposalItem", related_name="publications", verbose_name=_("published awards")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication for comment")
        verbose_name_plural = _("publications for comment")
        ordering = ["-year", "-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="publication_closes_after_opening")
        ]

    def __str__(self) -> str:
        return _("List published for comment, %(year)s (%(opens)s–%(closes)s)") % {
            "year": self.year,
            "opens": self.opens_on.strftime("%d/%m/%Y"),
            "closes": self.closes_on.strftime("%d/%m/%Y"),
        }

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class PublicComment(models.Model):
    """A comment on one published award, received by the council office and recorded against the item."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="comments", verbose_name=_("publication")
    )
    item = models.ForeignKey(
        "awards.ProposalItem", on_delete=models.CASCADE, related_name="public_comments", verbose_name=_("award")
    )
    received_on = models.DateField(_("received on"))
    commenter = models.CharField(_("from (person or organisation)"), max_length=300)
    text = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["item", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.commenter} – {self.item}"
