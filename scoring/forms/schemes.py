"""Forms of the scheme editor."""

from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import NFCFormMixin
from core.xlsx import guard_xlsx_upload
from scoring.calculations import item_errors
from scoring.enums import SchemeItemKind
from scoring.models import Scheme, SchemeItem


class SchemeForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Scheme
        fields = ["title", "bonus_cap"]
        widgets = {"title": forms.TextInput(attrs={"class": "form-control"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bonus_cap"].widget.attrs["class"] = "form-control"


class CopySchemeForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Start from the scheme of"), queryset=Scheme.objects.none())

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].widget.attrs["class"] = "form-select"
        self.fields["source"].label_from_instance = lambda scheme: f"{scheme.bloc_year.year} – {scheme.title}"


class SchemeItemForm(NFCFormMixin, forms.Form):
    """Add or edit one item. ``kind`` and ``parent`` are asked only when adding."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SchemeItemKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Inside group"), queryset=SchemeItem.objects.none(), required=False, empty_label=_("(top level)")
    )
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example I.2.a"))
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        max_digits=7,
        decimal_places=2,
        min_value=0,
        initial=Decimal(0),
        help_text=_("Deduction: the amount deducted. Group: leave 0, its maximum is computed."),
    )
    step = forms.DecimalField(label=_("Step"), max_digits=4, decimal_places=2, initial=Decimal("0.5"))
    deduction_fixed = forms.BooleanField(label=_("Fixed deduction (all or nothing)"), required=False)
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    guidance = forms.CharField(
        label=_("Guidance for the scorer"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, groups=None, item: SchemeItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None:
            del self.fields["kind"], self.fields["parent"]
        else:
            parent = cast(forms.ModelChoiceField, self.fields["parent"])
            parent.queryset = groups
            parent.label_from_instance = lambda group: f"{group.code}. {group.text[:60]}"  # type: ignore[assignment,method-assign]

    def clean(self):
        cleaned = super().clean()
        kind = self.item.kind if self.item is not None else cleaned.get("kind")
        if kind is None:  # an unknown kind was posted: its field already says so
            return cleaned
        if kind == SchemeItemKind.GROUP:
            cleaned["max_points"] = Decimal(0)
        if cleaned.get("deduction_fixed") and cleaned.get("max_points") is not None:
            cleaned["step"] = cleaned["max_points"]
        if {"max_points", "step"} <= cleaned.keys():
            for field, message in item_errors(
                kind=kind,
                max_points=cleaned["max_points"],
                step=cleaned["step"],
                deduction_fixed=cleaned.get("deduction_fixed", False),
            ).items():
                self.add_error(field, message)
        return cleaned


class NestForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Move into group"), queryset=SchemeItem.objects.none(), required=False, empty_label=_("(top level)")
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = groups
        self.fields["parent"].label_from_instance = lambda group: f"{group.code}. {group.text[:60]}"


class SchemeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Scheme workbook (.xlsx)"),
        help_text=_("The layout of the exported workbook. Every item of the scheme is replaced by the file's rows."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            guard_xlsx_upload(uploaded)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return uploaded


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in: confirms a freeze or a removal."""
