"""Forms of the meeting's minutes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput


class IssueMinutesForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DateInput())
