from django.core.management.base import BaseCommand

from automation.services.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Send the meeting reminders that are due now (what the 5-minute periodic task does)."

    def handle(self, *args, **options):
        result = reminders_send_due()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in result.as_dict().items()))
