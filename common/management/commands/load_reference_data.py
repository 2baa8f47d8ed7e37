from django.core.management.base import BaseCommand
from django.db import transaction

from coordination.services.reference_data import mao_reference_load
from monitoring.services.reference_data import DEFAULT_FISCAL_YEAR, ppa_reference_load


class Command(BaseCommand):
    help = (
        "Load the real MAOs (coordination/data/barmm_ministries.yaml), then their PPAs and special "
        "provisions with budgets and indicators (monitoring/data/ppa/*.yaml). Idempotent: a second run "
        "creates nothing and leaves staff edits alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fiscal-year",
            type=int,
            default=DEFAULT_FISCAL_YEAR,
            help=f"Fiscal year the PPAs are recorded under (default {DEFAULT_FISCAL_YEAR}).",
        )

    def handle(self, *args, fiscal_year=DEFAULT_FISCAL_YEAR, **options):
        with transaction.atomic():
            maos = mao_reference_load()
            ppas = ppa_reference_load(fiscal_year=fiscal_year)
        for line in ["Reference data (real):", *maos.lines(), *ppas.lines()]:
            self.stdout.write(line)
