from common.models import Role
from common.permissions import (
    AUTHENTICATED,
    PERMISSION_MATRIX,
    Action,
    Area,
    Scope,
    grant_for,
    has_access,
)
from common.tests.factories import UserFactory


def test_every_area_of_the_design_has_a_row():
    assert {str(area) for area in PERMISSION_MATRIX} >= {
        "meetings",
        "catalog",
        "dashboard",
        "reports",
        "portal",
        "external_api",
    }


def test_ocm_executive_reads_the_dashboard_but_changes_nothing(db):
    ocm = UserFactory.build(role=Role.OCM_EXECUTIVE)
    assert has_access(ocm, Area.DASHBOARD, Action.VIEW)
    for area in Area:
        assert not has_access(ocm, area, Action.CHANGE)


def test_mao_focal_person_is_scoped_to_own_mao():
    focal = UserFactory.build(role=Role.MAO_FOCAL)
    assert grant_for(focal, Area.MEETINGS).scope is Scope.OWN_MAO
    assert not has_access(focal, Area.DASHBOARD)


def test_community_leader_browses_catalog_and_submits_in_portal_only():
    leader = UserFactory.build(role=Role.COMMUNITY_LEADER)
    assert has_access(leader, Area.CATALOG, Action.VIEW)
    assert not has_access(leader, Area.CATALOG, Action.CHANGE)
    assert has_access(leader, Area.PORTAL, Action.CHANGE)
    assert not any(has_access(leader, area) for area in (Area.MEETINGS, Area.DASHBOARD, Area.REPORTS))


def test_only_oobc_executive_configures_the_external_api():
    allowed = [
        role for role in Role if has_access(UserFactory.build(role=role), Area.EXTERNAL_API, Action.MANAGE)
    ]
    assert allowed == [Role.OOBC_EXECUTIVE]


def test_a_user_without_role_or_inactive_gets_nothing():
    for user in (UserFactory.build(role=""), UserFactory.build(role=Role.OOBC_EXECUTIVE, is_active=False)):
        assert not any(has_access(user, area, action) for area in Area for action in Action)


def test_partners_are_not_signed_in_users_of_the_pages():
    assert not AUTHENTICATED.allows(UserFactory.build(role=Role.EXTERNAL_PARTNER))
    assert AUTHENTICATED.allows(UserFactory.build(role=Role.COMMUNITY_LEADER))
