"""Forms of the bloc's proposal (the secretariat's side)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import AttachmentField
from core.forms import DateInput


class SignerForm(forms.Form):
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)
    signer_title = forms.CharField(
        label=_("Signer's title"),
        max_length=200,
        help_text=_("The head of the bloc-head unit signs the cover submission on the bloc's behalf."),
    )


class RemoveItemForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removing it"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitProposalForm(forms.Form):
    submitted_on = forms.DateField(label=_("Date of the cover submission"), widget=DateInput())


class AchievementReportForm(forms.Form):
    body = forms.CharField(
        label=_("Text of the achievement report"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("One paragraph a line; a line numbered in Roman numerals (“I. …”) is a section heading."),
    )


class AchievementUploadForm(forms.Form):
    file = AttachmentField(
        label=_("Signed achievement report (PDF)"),
        help_text=_("The report as the unit signed it; at most 10 MB. It stands in the dossier instead of the text."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".pdf"):
            raise forms.ValidationError(_("Upload the signed achievement report as a PDF file."), code="not_pdf")
        return upload
