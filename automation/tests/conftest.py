"""A small world for the API and page tests: two MAOs with focal logins, next year's plenary
and each MAO's own series, generated."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from automation.models import QuarterlyMeetingSeries
from automation.services.series import meeting_series_generate
from automation.tests.factories import MaoSeriesFactory, SeriesFactory, mao_with_focal
from common.models import Role, User
from common.tests.factories import UserFactory
from coordination.models import Organization, StakeholderEngagement

NEXT_YEAR = timezone.localdate().year + 1


@dataclass
class World:
    staff: User
    executive: User
    ocm: User
    leader: User
    mssd: Organization
    moh: Organization
    mssd_focal: User
    moh_focal: User
    plenary: QuarterlyMeetingSeries
    mssd_series: QuarterlyMeetingSeries
    moh_series: QuarterlyMeetingSeries

    def meeting(self, series: QuarterlyMeetingSeries, quarter: int = 1) -> StakeholderEngagement:
        return series.meetings.get(quarter=quarter).engagement

    def user(self, persona: str) -> User:
        return {
            "staff": self.staff,
            "executive": self.executive,
            "ocm": self.ocm,
            "leader": self.leader,
            "focal": self.mssd_focal,
        }[persona]


@pytest.fixture
def staff(db) -> User:
    return UserFactory(role=Role.OOBC_STAFF)


@pytest.fixture
def world(db) -> World:
    mssd, mssd_person = mao_with_focal(acronym="MSSD", name="Ministry of Social Services and Development")
    moh, moh_person = mao_with_focal(acronym="MOH", name="Ministry of Health")
    staff = UserFactory(role=Role.OOBC_STAFF)
    plenary = SeriesFactory(fiscal_year=NEXT_YEAR, title="OCM–MAO plenary")
    mssd_series = MaoSeriesFactory(
        fiscal_year=NEXT_YEAR, mao=mssd, title="OCM–MSSD meeting", month_of_quarter=3
    )
    moh_series = MaoSeriesFactory(fiscal_year=NEXT_YEAR, mao=moh, title="OCM–MOH meeting", month_of_quarter=3)
    for series in (plenary, mssd_series, moh_series):
        meeting_series_generate(series=series, acting_user=staff)
    return World(
        staff=staff,
        executive=UserFactory(role=Role.OOBC_EXECUTIVE),
        ocm=UserFactory(role=Role.OCM_EXECUTIVE),
        leader=UserFactory(role=Role.COMMUNITY_LEADER),
        mssd=mssd,
        moh=moh,
        mssd_focal=mssd_person.user,
        moh_focal=moh_person.user,
        plenary=plenary,
        mssd_series=mssd_series,
        moh_series=moh_series,
    )
