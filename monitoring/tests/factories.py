import factory

from common.models import Sector
from coordination.tests.factories import OrganizationFactory
from monitoring.models import EntryCategory, MonitoringEntry, MonitoringUpdate, PpaStatus


class PpaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringEntry
        skip_postgeneration_save = True

    category = EntryCategory.MAO_PPA
    title = factory.Sequence(lambda n: f"Livelihood assistance programme {n}")
    implementing_mao = factory.SubFactory(OrganizationFactory)
    fiscal_year = 2025
    sector = Sector.ECONOMIC
    status = PpaStatus.ONGOING
    progress = 40
    budget_allocated = 1_000_000
    budget_utilized = 250_000
    beneficiaries_individuals = 500
    beneficiaries_households = 100

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringUpdate

    entry = factory.SubFactory(PpaFactory)
    reported_on = factory.Faker("date_between", start_date="-60d", end_date="today")
    progress = 50
    status = PpaStatus.ONGOING
    accomplishments = "Distributed starter kits."
