"""Factories of automation's tests."""

import datetime

import factory

from automation.models import QuarterlyMeetingSeries, SeriesScope
from common.models import Role
from common.tests.factories import UserFactory
from coordination.tests.factories import FocalPersonFactory, OrganizationFactory


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyMeetingSeries

    title = factory.Sequence(lambda n: f"Quarterly coordination meeting {n}")
    fiscal_year = 2025
    scope = SeriesScope.PLENARY
    venue = "OOBC Conference Room, Cotabato City"


class MaoSeriesFactory(SeriesFactory):
    scope = SeriesScope.MAO
    mao = factory.SubFactory(OrganizationFactory)


def mao_with_focal(*, login: bool = True, **fields):
    """A MAO with an active primary focal person (with an OBCMS account when `login`)."""
    mao = OrganizationFactory(**fields)
    user = UserFactory(role=Role.MAO_FOCAL, organization=mao) if login else None
    focal = FocalPersonFactory(
        organization=mao,
        user=user,
        email=user.email if user else f"focal.{mao.acronym.lower()}@mao.example.org",
        active_from=datetime.date(2020, 1, 1),
    )
    return mao, focal
