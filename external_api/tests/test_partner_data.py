"""Partner data endpoints: filters, field selection, ETags, stable cursor pages, tombstones
that let a partner's copy follow ours, and query counts that do not grow with the page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common.models import DataClassification, Role, Sector
from common.services.communities import community_delete, community_update
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory, MunicipalityFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import MonitoringEntry, PpaStatus
from monitoring.services.ppas import ppa_delete, ppa_update
from monitoring.tests.factories import PpaFactory
from tests.helpers import assert_error_shape

pytestmark = pytest.mark.django_db
PPAS = "/api/v1/external/ppas/"


def _sync(partner, url, copy: dict, since=None, page_size=2) -> str:
    """Apply every page of a sync to `copy` the way a partner would; returns the newest
    updated_at seen, the next sync's updated_since."""
    params = f"?page_size={page_size}" + (f"&updated_since={since}" if since else "")
    newest = since
    next_url = url + params
    while next_url:
        body = partner.get(next_url).json()
        for row in body["results"]:
            if row.get("deleted"):
                copy.pop(row["uid"], None)
            else:
                copy[row["uid"]] = row
            newest = row["updated_at"]
        next_url = body["next"]
    return newest


def _ours(partner) -> dict:
    body = partner.get(PPAS + "?page_size=500").json()
    return {row["uid"]: row for row in body["results"]}


def test_records_carry_uids_and_psgc_codes_never_database_ids(partner):
    municipality = MunicipalityFactory()
    ppa = PpaFactory(
        coverage_municipality=municipality,
        coverage_province=municipality.province,
        coverage_region=municipality.region,
    )
    record = partner.get(f"{PPAS}{ppa.uid}/").json()
    assert record["uid"] == str(ppa.uid)
    assert record["municipality_psgc"] == municipality.psgc_code
    assert record["region_psgc"] == municipality.region.psgc_code
    assert record["implementing_mao"] == str(ppa.implementing_mao.uid)
    assert "id" not in record and ppa.pk not in record.values()


def test_filters_by_fiscal_year_mao_sector_and_place(partner):
    mao = OrganizationFactory(acronym="MSSD")
    place = MunicipalityFactory()
    wanted = PpaFactory(
        fiscal_year=2026,
        implementing_mao=mao,
        sector=Sector.SOCIAL,
        coverage_municipality=place,
        coverage_province=place.province,
        coverage_region=place.region,
    )
    PpaFactory(fiscal_year=2025, implementing_mao=mao, sector=Sector.SOCIAL)
    PpaFactory(fiscal_year=2026, sector=Sector.SOCIAL)
    PpaFactory(fiscal_year=2026, implementing_mao=mao, sector=Sector.ECONOMIC)
    for query in (
        "fiscal_year=2026&mao=MSSD&sector=social",
        f"fiscal_year=2026&mao={mao.uid}&sector=social",
        f"municipality={place.psgc_code}",
        f"province={place.province.psgc_code}&fiscal_year=2026",
    ):
        rows = partner.get(f"{PPAS}?{query}").json()["results"]
        assert [row["uid"] for row in rows] == [str(wanted.uid)], query


@pytest.mark.parametrize(
    "query, field",
    [
        ("fiscal_year=soon", "fiscal_year"),
        ("fiscal_year=1800", "fiscal_year"),
        ("sector=space", "sector"),
        ("region=12", "region"),
        ("updated_since=yesterday", "updated_since"),
        ("cursor=not-ours", "cursor"),
        ("page_size=5000", "page_size"),
        ("fields=title,nonsense", "fields"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(partner, query, field):
    assert_error_shape(partner.get(f"{PPAS}?{query}"), 400, field)


def test_fields_selects_fields_and_keeps_uid_and_updated_at(partner, ppas):
    rows = partner.get(f"{PPAS}?fields=title,status").json()["results"]
    assert set(rows[0]) == {"uid", "updated_at", "title", "status"}


def test_etag_answers_304_until_something_changes(partner, ppas):
    first = partner.get(PPAS)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = partner.get(PPAS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    ppa_update(ppa=ppas[0], acting_user=UserFactory(role=Role.OOBC_EXECUTIVE), title="Renamed")
    changed = partner.get(PPAS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    detail = partner.get(f"{PPAS}{ppas[1].uid}/")
    assert partner.get(f"{PPAS}{ppas[1].uid}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304


def test_obc_requests_are_not_ppas_and_unknown_uids_are_404(partner):
    request = PpaFactory(category="obc_request", request_status="submitted", implementing_mao=None)
    assert partner.get(PPAS).json()["results"] == []
    assert partner.get(f"{PPAS}{request.uid}/").status_code == 404
    assert partner.get(f"{PPAS}not-a-uid/").status_code == 404


def test_cursor_pages_neither_skip_nor_repeat_while_rows_are_inserted(partner):
    existing = {str(PpaFactory().uid) for _ in range(7)}
    seen: list[str] = []
    inserted: set[str] = set()
    next_url = PPAS + "?page_size=3"
    while next_url:
        body = partner.get(next_url).json()
        seen += [row["uid"] for row in body["results"]]
        if len(inserted) < 4:  # someone records PPAs while the partner pages through
            inserted |= {str(PpaFactory().uid) for _ in range(2)}
        next_url = body["next"]
    assert len(seen) == len(set(seen)), "a row came twice"
    assert set(seen) == existing | inserted, "a row was skipped"


def test_a_partner_copy_matches_ours_after_creates_updates_and_deletes(partner):
    executive = UserFactory(role=Role.OOBC_EXECUTIVE)
    ppas = [PpaFactory() for _ in range(5)]
    copy: dict = {}
    since = _sync(partner, PPAS, copy)
    assert copy == _ours(partner)

    ppa_update(ppa=ppas[0], acting_user=executive, status=PpaStatus.COMPLETED, progress=100)
    ppa_delete(ppa=ppas[1], acting_user=executive)
    created = PpaFactory()
    ppa_delete(ppa=ppas[2], acting_user=executive)
    since = _sync(partner, PPAS, copy, since=since)
    assert copy == _ours(partner)
    assert str(created.uid) in copy and str(ppas[1].uid) not in copy
    assert copy[str(ppas[0].uid)]["status"] == "completed"

    ppa_update(ppa=created, acting_user=executive, title="Changed again")
    _sync(partner, PPAS, copy, since=since)
    assert copy == _ours(partner)


def test_a_deleted_record_answers_410_with_its_tombstone(partner):
    ppa = PpaFactory()
    ppa_delete(ppa=ppa, acting_user=UserFactory(role=Role.OOBC_EXECUTIVE))
    response = partner.get(f"{PPAS}{ppa.uid}/")
    assert response.status_code == 410 and response.json()["extra"]["deleted"] is True


def test_deleted_communities_reach_the_partner_as_tombstones(partner):
    community = CommunityFactory()
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    community_delete(community=community, acting_user=UserFactory(role=Role.OOBC_EXECUTIVE))
    rows = partner.get("/api/v1/external/communities/", data={"updated_since": since}).json()["results"]
    assert rows == [
        {"uid": str(community.uid), "deleted": True, "reason": "deleted", "updated_at": rows[0]["updated_at"]}
    ]


def _community_changes(partner, since) -> list[dict]:
    return partner.get("/api/v1/external/communities/", data={"updated_since": since}).json()["results"]


def test_a_community_raised_beyond_the_agreement_reaches_the_partner_as_a_tombstone(make_partner):
    internal = make_partner(classification=DataClassification.INTERNAL, name="DSWD")
    confidential = make_partner(classification=DataClassification.CONFIDENTIAL, name="DILG")
    public = make_partner(classification=DataClassification.PUBLIC, name="LGU")
    community = CommunityFactory(classification=DataClassification.INTERNAL)
    copy = {}
    since = _sync(internal, "/api/v1/external/communities/", copy)
    assert str(community.uid) in copy
    community_update(
        community=community,
        acting_user=UserFactory(role=Role.OOBC_EXECUTIVE),
        classification=DataClassification.CONFIDENTIAL,
    )
    # The partner whose agreement covered it drops its copy on the next sync ...
    _sync(internal, "/api/v1/external/communities/", copy, since=since)
    assert str(community.uid) not in copy
    assert [row["reason"] for row in _community_changes(internal, since)] == ["reclassified"]
    assert internal.get(f"/api/v1/external/communities/{community.uid}/").status_code == 410
    # ... one whose agreement still covers it gets the record, no tombstone ...
    rows = _community_changes(confidential, since)
    assert [(row["uid"], row.get("deleted")) for row in rows] == [(str(community.uid), None)]
    # ... and one that could never have copied it learns nothing of it.
    assert _community_changes(public, since) == []
    assert public.get(f"/api/v1/external/communities/{community.uid}/").status_code == 404


def test_lowering_a_classification_shares_the_record_again_without_a_tombstone(make_partner):
    internal = make_partner(classification=DataClassification.INTERNAL)
    community = CommunityFactory(classification=DataClassification.CONFIDENTIAL)
    since = (timezone.now() - dt.timedelta(seconds=1)).isoformat()
    community_update(
        community=community,
        acting_user=UserFactory(role=Role.OOBC_EXECUTIVE),
        classification=DataClassification.INTERNAL,
    )
    rows = _community_changes(internal, since)
    assert [(row["uid"], row.get("deleted")) for row in rows] == [(str(community.uid), None)]


def test_only_oobc_executives_delete_ppas():
    from django.core.exceptions import PermissionDenied

    ppa = PpaFactory()
    with pytest.raises(PermissionDenied):
        ppa_delete(ppa=ppa, acting_user=UserFactory(role=Role.OOBC_STAFF))
    assert MonitoringEntry.objects.filter(pk=ppa.pk).exists()


def _count_queries(partner, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert partner.get(url).status_code == 200
    return len(queries)


def test_queries_per_page_do_not_depend_on_the_page_size(partner):
    communities = [CommunityFactory() for _ in range(3)]
    for _ in range(30):
        PpaFactory(communities=communities)
    small = _count_queries(partner, f"{PPAS}?page_size=2&updated_since=2000-01-01")
    large = _count_queries(partner, f"{PPAS}?page_size=30&updated_since=2000-01-01")
    assert small == large
    assert _count_queries(partner, "/api/v1/external/services/?page_size=2") == _count_queries(
        partner, "/api/v1/external/services/?page_size=30"
    )


def test_organizations_list_maos_with_public_identifiers(partner):
    mao = OrganizationFactory(acronym="MOH")
    rows = partner.get("/api/v1/external/organizations/?fields=name,acronym").json()["results"]
    assert {
        "uid": str(mao.uid),
        "updated_at": mao.updated_at.isoformat(),
        "name": mao.name,
        "acronym": "MOH",
    } in rows
