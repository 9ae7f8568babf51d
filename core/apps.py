from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # receivers connects the signal receivers; tasks registers how a generated file's build is sent;
        # logs connects the task signals that carry the request id.
        from core import logs, receivers, tasks  # noqa: F401, PLC0415 - Django idiom: imported once the registry is ready

        autodiscover_modules("history")  # each app's history.py registers the sentences of its action codes
