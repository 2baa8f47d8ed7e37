from django.core.management.base import BaseCommand
from django.db import transaction

from common.reference import DEFAULT_REFERENCE_YEAR, loaders


class Command(BaseCommand):
    help = (
        "Load the real reference data every app registers: the MAOs (coordination/data/"
        "barmm_ministries.yaml), then their PPAs and special provisions with budgets and indicators "
        "(monitoring/data/ppa/*.yaml). Idempotent: a second run creates nothing and leaves staff edits alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fiscal-year",
            type=int,
            default=DEFAULT_REFERENCE_YEAR,
            help=f"Fiscal year the PPAs are recorded under (default {DEFAULT_REFERENCE_YEAR}).",
        )

    def handle(self, *args, fiscal_year=DEFAULT_REFERENCE_YEAR, **options):
        lines = ["Reference data (real):"]
        with transaction.atomic():
            for _name, loader in loaders():
                lines += loader(fiscal_year)
        for line in lines:
            self.stdout.write(line)
