"""Forms of the publication for comment: publish the province's list, record a comment received."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import ProposalItem
from blocs.models import Province
from core.forms import DateInput


class PublishListForm(forms.Form):
    province: "forms.ModelChoiceField[Province]" = forms.ModelChoiceField(label=_("Province"), queryset=None)
    year = forms.IntegerField(label=_("Emulation year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Open for comment from"), widget=DateInput())

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


class PublicCommentForm(forms.Form):
    item: "forms.ModelChoiceField[ProposalItem]" = forms.ModelChoiceField(label=_("Proposed award"), queryset=None)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    commenter = forms.CharField(label=_("From (person or organisation)"), max_length=300)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: f"{item.unit} – {item.get_award_display()}"
