"""Registries that apps fill from a module of their own (``documents.py``, ``dashboard.py`` …).

The modules are imported on the registry's first use, not at start-up, so an app's registrations
may import its models and selectors freely.
"""

from django.utils.module_loading import autodiscover_modules


class Discovered:
    """Imports every installed app's ``<module_name>.py`` once, the first time ``discover`` is called."""

    def __init__(self, module_name: str) -> None:
        self.module_name = module_name
        self._done = False

    def discover(self) -> None:
        if not self._done:
            autodiscover_modules(self.module_name)
            self._done = True
