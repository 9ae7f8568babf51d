from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Django idiom: modules that need the app registry are imported once it is ready.
        from core import receivers  # noqa: F401, PLC0415 - connects the signal receivers
        from core import tasks  # noqa: F401, PLC0415 - registers how a generated file's build is sent

        autodiscover_modules("history")  # each app's history.py registers the sentences of its action codes
