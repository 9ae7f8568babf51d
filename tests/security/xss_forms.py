"""The XSS battery's round through the app: a persona opens an edit page, types payloads into every text box
and text area of its form, and saves; the services write the rows and their audit entries (the History panels
then show the payloads as "before → after")."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from blocs.models import BlocYear, Unit
from core.models import User
from pledges.enums import RegistrationStatus, ReportStatus
from pledges.models import Registration, UnitReport
from tests.security.xss_payloads import pack

SECRETARIAT, POLICE, OFFICE = "thuky.noichinh.hatinh", "canbo.congan.hatinh", "vanphong.hatinh"
TEXT_TYPES = {"text", "search", ""}


def edit_pages() -> list[tuple[str, str]]:
    """(persona, edit page) of the demo's editable rows: this year's details and launch meeting, the police's
    draft report and returned registration, a unit's details."""
    year = BlocYear.objects.filter(bloc__province__name="Hà Tĩnh").order_by("-year").first()
    police = Unit.objects.filter(roles__user__username=POLICE).first()
    reports = UnitReport.objects.filter(bloc_year=year, status=ReportStatus.DRAFT)
    registrations = Registration.objects.filter(bloc_year=year, status=RegistrationStatus.RETURNED)
    return [
        (SECRETARIAT, reverse("blocs:bloc_year_edit", args=[year.pk])),
        (SECRETARIAT, reverse("pledges:launch_meeting_edit", args=[year.pk])),
        *[(POLICE, reverse("pledges:report_edit", args=[report.pk])) for report in reports[:1]],
        *[(POLICE, reverse("pledges:registration_edit", args=[row.pk])) for row in registrations[:1]],
        (OFFICE, reverse("blocs:unit_edit", args=[police.pk])),
    ]


class _Form(HTMLParser):
    """The fields of the page's first POST form inside <main>, with the values the page shows."""

    def __init__(self):
        super().__init__()
        self.in_main = self.done = False
        self.fields: list[list] = []  # [name, value, maxlength or None, is_text]
        self.textarea = self.select = None
        self.selected = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main or self.done:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type", "") not in ("submit", "button", "file"):
            kind = attrs.get("type", "")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            maxlength = int(attrs["maxlength"]) if attrs.get("maxlength") else None
            # A date or a number is typed in a text box too: its inputmode tells it apart.
            is_text = kind in TEXT_TYPES and "inputmode" not in attrs
            self.fields.append([attrs["name"], attrs.get("value", ""), maxlength, is_text])
        elif tag == "textarea":
            maxlength = int(attrs["maxlength"]) if attrs.get("maxlength") else None
            self.textarea = [attrs["name"], "", maxlength, True]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = [attrs["name"], "", None, False]
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None and ("selected" in attrs or not self.select[1]):
            self.select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.in_main and self.fields:
            self.done = True


def post_payloads(url: str, username: str, start: int) -> tuple[int, int, int]:
    """Type payloads into every text field of the page's form and save it; returns (status, fields, next start)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    form = _Form()
    form.feed(client.get(url).content.decode())
    data, filled = {}, 0
    for name, value, maxlength, is_text in form.fields:
        if is_text and name != "csrfmiddlewaretoken":
            value, _, start = pack(start, maxlength)
            filled += 1
        data.setdefault(name, value)
    return client.post(url, data).status_code, filled, start
