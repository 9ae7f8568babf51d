from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from core.models import Notice


class Command(BaseCommand):
    help = "Load the demo province data and accounts (development only). Loading twice changes nothing."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo refuses to run when DEBUG is off: demo accounts have a public password.")
        modules = [
            (config.label, import_module(f"{config.name}.demo"))
            for config in apps.get_app_configs()
            if module_has_submodule(config.module, "demo")
        ]
        started = timezone.now()
        # First every app's story of the past years, then (``load_present``, optional) today's year on top.
        for step in ("load", "load_present"):
            for label, module in modules:
                load = getattr(module, step, None)
                if load is None:
                    continue
                with transaction.atomic():
                    summary = load()
                if summary:
                    self.stdout.write(f"{label}: {summary}")
        # The loader replays a story: what it told people then is not news today (the dashboards show the work).
        # (after the notices the loaders' commits send, which run first).
        unread = Notice.objects.filter(created_at__gte=started, read_at__isnull=True)
        transaction.on_commit(lambda: unread.update(read_at=timezone.now()))
