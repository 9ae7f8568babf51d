"""The daily reminders of what units owe the bloc: e-mail and in-app notice, once per deadline, stage and person."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import User
from core.services import notify
from pledges.enums import ReminderStage
from pledges.models import Reminder
from pledges.selectors.reminders import DueItem, due_items
from pledges.selectors.reports import secretariat_officers, unit_officers

logger = logging.getLogger(__name__)


def send_due_reminders(*, today: datetime.date) -> int:
    """Remind unit officers of every item due in 7 days, in 1 day, or overdue (copying the secretariat).

    For each due item, in its own transaction: claim a Reminder row per person (the unique
    constraint makes a second run, or a concurrent one, claim nothing), then send one e-mail
    to the claimed people and leave each an in-app notice. A failed send rolls the claims
    back, so the next run tries again. Returns the number of people reminded.
    """
    reminded = 0
    with translation.override(settings.LANGUAGE_CODE):
        for item in due_items(today):
            reminded += _remind(item)
    return reminded


@transaction.atomic
def _remind(item: DueItem) -> int:
    officers = list(unit_officers(item.membership.unit_id))
    copied = list(secretariat_officers(item.bloc_year)) if item.stage == ReminderStage.OVERDUE else []
    copied = [user for user in copied if user not in officers]
    to = [user for user in officers if _claim(user, item)]
    cc = [user for user in copied if _claim(user, item)]
    if not to and not cc:
        return 0
    text = _reminder_text(item)
    _mail(item, text, to, cc)
    for user in to + cc:
        notify(user, text=text, url=item.url, key=_key(item))
    return len(to) + len(cc)


def _claim(user: User, item: DueItem) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(
                user=user,
                bloc_year=item.bloc_year,
                unit=item.membership.unit,
                item=item.item,
                stage=item.stage,
                due_date=item.due,
                sent_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True


def _key(item: DueItem) -> str:
    return f"reminder:{item.bloc_year.pk}:{item.membership.unit_id}:{item.item}:{item.due:%Y%m%d}:{item.stage}"


def _reminder_text(item: DueItem) -> str:
    values = {
        "what": item.item.label,
        "unit": item.membership.unit,
        "bloc_year": item.bloc_year,
        "due": item.due.strftime("%d/%m/%Y"),
    }
    if item.stage == ReminderStage.OVERDUE:
        return _("Overdue: %(what)s of %(unit)s for %(bloc_year)s was due on %(due)s.") % values
    if item.stage == ReminderStage.DAY_BEFORE:
        return _("Due tomorrow or today: %(what)s of %(unit)s for %(bloc_year)s, deadline %(due)s.") % values
    return _("Due within a week: %(what)s of %(unit)s for %(bloc_year)s, deadline %(due)s.") % values


def _mail(item: DueItem, text: str, to: list[User], cc: list[User]) -> None:
    to_addresses = [user.email for user in to if user.email]
    cc_addresses = [user.email for user in cc if user.email]
    if not to_addresses and not cc_addresses:
        return
    link = settings.SITE_URL.rstrip("/") + item.url
    body = "\n\n".join([text, _("Open: %(link)s") % {"link": link}, _("This is an automatic reminder.")])
    EmailMessage(subject=text[:200], body=body, to=to_addresses, cc=cc_addresses).send()
