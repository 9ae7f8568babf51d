from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from core import receivers  # noqa: F401

        autodiscover_modules("history")  # each app's history.py registers the sentences of its action codes
