"""The project's own forms, found by walking modules: a new form, or a new app's forms module, is covered
by the tests that use this (mass assignment, the XSS battery) without being listed anywhere."""

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def project_modules(submodule: str) -> list[str]:
    """``<app>.<submodule>`` of every app of this repository (not of an installed package) that has one."""
    return [
        f"{config.name}.{submodule}"
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and module_has_submodule(config.module, submodule)
    ]


def _modules(names: Iterable[str]) -> Iterator:
    for name in names:
        module = importlib.import_module(name)
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{name}.{info.name}")


def form_classes(module_names: Iterable[str], base: type = forms.BaseForm) -> list[type]:
    """The subclasses of ``base`` defined in those modules (and their package's modules), by dotted name."""
    found = {
        value
        for module in _modules(module_names)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, base) and value.__module__ == module.__name__
    }
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__name__}")
