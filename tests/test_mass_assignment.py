"""Mass assignment, statically: every ModelForm names its fields and none of them is a protected one.

The end-to-end half (posting every model field name to the real views) sits beside each app's view
tests: tests/<app>/test_mass_assignment.py.
"""

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import models

from blocs.models import Bloc, BlocYear, Province, Unit
from tests.formwalk import form_classes, project_modules

# Every app's forms, and the admin forms of the awards catalogue (edited there, not in a page of ours).
FORM_MODULES = [*project_modules("forms"), "awards.admin"]

# A field with one of these names is written by services only (identity, state, audit, numbering).
PROTECTED_NAMES = {"id", "pk", "status", "created_by", "created_at", "updated_at", "number", "issued_on", "version"}
# A foreign key to one of these models is an actor or an ownership key.
PROTECTED_TARGETS = (Province, Bloc, BlocYear, Unit)

# (form, field) → why the form may set this protected field.
ALLOWED = {
    # Fill in with one-line reasons when a form is meant to choose an owner or a state.
}


def _model_forms() -> list[type[forms.ModelForm]]:
    return [
        form
        for form in form_classes(FORM_MODULES, forms.ModelForm)
        if getattr(getattr(form, "Meta", None), "model", None) is not None
    ]


def _is_protected(field: models.Field) -> bool:
    if field.name in PROTECTED_NAMES or field.primary_key:
        return True
    if not field.is_relation or field.related_model is None:
        return False
    return field.related_model is get_user_model() or issubclass(field.related_model, PROTECTED_TARGETS)


MODEL_FORMS = _model_forms()


def test_model_form_discovery_finds_the_forms_of_every_app():
    apps = {form.__module__.split(".")[0] for form in MODEL_FORMS}

    assert apps >= {"blocs", "pledges", "scoring", "awards"}


@pytest.mark.parametrize("form", MODEL_FORMS, ids=lambda form: form.__name__)
def test_model_form_fields_are_an_explicit_list(form):
    meta = form.Meta

    assert isinstance(getattr(meta, "fields", None), (list, tuple)), f"{form.__name__}: Meta.fields must be a list"
    assert not getattr(meta, "exclude", None), f"{form.__name__}: Meta.exclude lets new model fields in"


@pytest.mark.parametrize("form", MODEL_FORMS, ids=lambda form: form.__name__)
def test_model_form_sets_no_protected_field_unless_allowed(form):
    model = form.Meta.model
    names = [name for name in form.Meta.fields if name in {f.name for f in model._meta.get_fields()}]

    protected = {name for name in names if _is_protected(model._meta.get_field(name))}

    assert protected <= {name for (owner, name) in ALLOWED if owner is form}, f"{form.__name__}: {protected}"
