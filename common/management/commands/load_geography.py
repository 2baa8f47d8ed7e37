from django.core.management.base import BaseCommand, CommandError

from common.services.geography import OBC_REGIONS, geography_load


class Command(BaseCommand):
    help = (
        "Load regions, provinces, cities and municipalities, and barangays with their PSGC codes "
        "(barangay package) and census populations. Idempotent; prints what the two sources "
        "could not match."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            action="append",
            dest="regions",
            metavar="REGION",
            help="Region short name (IX, NCR, BARMM...) or PSGC code; repeatable. "
            f"Default: {' '.join(OBC_REGIONS)}.",
        )

    def handle(self, *args, regions=None, **options):
        try:
            report = geography_load(regions=regions or OBC_REGIONS)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
