from django.core.management.base import BaseCommand

from common.services.platform import periodic_tasks_install
from obc_management.schedules import PERIODIC_TASKS


class Command(BaseCommand):
    help = "Install (or update) every periodic task declared in obc_management/schedules.py."

    def handle(self, *args, **options):
        result = periodic_tasks_install(specs=PERIODIC_TASKS)
        self.stdout.write(
            f"Periodic tasks: {len(PERIODIC_TASKS)} declared, {result['created']} created, "
            f"{result['updated']} updated, {result['removed']} removed."
        )
