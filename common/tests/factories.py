import factory
from django.utils import timezone

from common.models import Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.OOBC_STAFF
    email_verified_at = factory.LazyFunction(timezone.now)
    # A MAO focal person always works for a MAO (a database constraint says so).
    organization = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role == Role.MAO_FOCAL),
        yes_declaration=factory.SubFactory("coordination.tests.factories.OrganizationFactory"),
        no_declaration=None,
    )

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
