import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.demo import seeders
from common.models import User


class Command(BaseCommand):
    help = (
        "Load the demo: real geography, MAOs and PPAs, demo accounts, then synthetic data from a "
        "fixed seed (and every app's own demo data). Idempotent; refuses to run with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Skip loading when accounts already exist."
        )

    def handle(self, *args, if_empty=False, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a published password: DEBUG must be on.")
        started = time.monotonic()
        if_empty_skipped = if_empty and User.objects.exists()
        if if_empty_skipped:
            self.stdout.write(
                "The database already has data: demo seed skipped (run seed_demo to top it up)."
            )
        for name, seeder in seeders():
            if if_empty_skipped and name != "demo users":
                continue
            # Each part is all or nothing: a failure leaves the parts before it in place.
            with transaction.atomic():
                lines = seeder()
            for line in lines:
                self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready in {time.monotonic() - started:.0f} s. Places, ministries, PPAs and budgets are "
                "real; communities, needs, people, accounts, engagements and requests are synthetic."
            )
        )
