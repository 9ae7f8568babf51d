from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule


class Command(BaseCommand):
    help = "Load the demo province data and accounts (development only). Loading twice changes nothing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo refuses to run when DEBUG is off: demo accounts have a public password.")
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "demo"):
                load = import_string(f"{config.name}.demo.load")
                with transaction.atomic():
                    summary = load()
                self.stdout.write(f"{config.label}: {summary}")
