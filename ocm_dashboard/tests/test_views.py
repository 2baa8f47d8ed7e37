"""The dashboard pages: who may open them, what they show, the drill-down, the review."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.models import Role
from common.tests.page_checks import HTMX, assert_full_page, assert_partial_only, signed_in
from ocm_dashboard.models import BeneficiaryOverlap, OCMDashboardSnapshot, OverlapStatus
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.services.snapshots import snapshot_take
from ocm_dashboard.templatetags.ocm_dashboard import peso
from ocm_dashboard.tests import expected
from ocm_dashboard.tests.factories_dashboard import YEAR, grow_world, ppa

pytestmark = pytest.mark.django_db
INDEX = reverse("ocm_dashboard:index")
READERS = [Role.OCM_EXECUTIVE, Role.OOBC_EXECUTIVE, Role.OOBC_STAFF]
OUTSIDERS = [Role.MAO_FOCAL, Role.COMMUNITY_LEADER]


def page_urls(overlap) -> list[str]:
    return [
        f"{INDEX}?fiscal_year={YEAR}",
        reverse("ocm_dashboard:gaps"),
        reverse("ocm_dashboard:overlap_list"),
        reverse("ocm_dashboard:overlap_detail", kwargs={"uid": overlap.uid}),
        reverse("ocm_dashboard:export") + f"?table=mao&fiscal_year={YEAR}",
    ]


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]*)', html)
    assert match, name
    return match.group(1).strip()


def row(html: str, attribute: str, value: str) -> str:
    match = re.search(rf'<tr {attribute}="{re.escape(value)}".*?</tr>', html, re.S)
    assert match, value
    return match.group(0)


@pytest.mark.parametrize("role", READERS)
def test_ocm_and_oobc_read_every_dashboard_page(client, overlap, role):
    signed_in(client, role)
    for url in page_urls(overlap):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", OUTSIDERS)
def test_mao_focal_persons_and_community_leaders_are_refused(client, overlap, role):
    signed_in(client, role)
    for url in page_urls(overlap):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, overlap):
    for url in page_urls(overlap):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_shows_the_figures_computed_from_the_register(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}").content.decode()
    ppas = expected.counted(world.all_ppas)
    want = expected.totals(ppas, expected_progress=90)
    assert figure(html, "ppas") == str(want["ppas"])
    assert figure(html, "beneficiaries") == f"{want['beneficiaries']:,}"
    assert figure(html, "communities_served") == str(want["communities_served"])
    assert "Live FY2025 figures" in html
    for mao, group in expected.group_by(ppas, lambda p: p.implementing_mao).items():
        if mao is None:
            continue
        cells = row(html, "data-mao", str(mao.uid))
        mao_figures = expected.totals(group, expected_progress=90)
        assert peso(mao_figures["budget_allocated"]) in cells
        assert f">{mao_figures['ppas']}<" in cells
    region_xii = row(html, "data-place", world.regions["XII"].psgc_code)
    assert peso(Decimal("5750000")) in region_xii  # p2 (through Community Four), p4, p5


def test_every_export_link_carries_the_filters_the_page_shows(client, overlap, world):
    signed_in(client, Role.OOBC_EXECUTIVE)
    export = reverse("ocm_dashboard:export")
    query = f"fiscal_year={YEAR}&amp;sector=economic"
    pages = {
        f"{INDEX}?fiscal_year={YEAR}&sector=economic": ["coverage", "mao", "sector", "gaps", "sector-gaps"],
        f"{reverse('ocm_dashboard:gaps')}?fiscal_year={YEAR}&sector=economic": ["gaps", "sector-gaps"],
        f"{reverse('ocm_dashboard:overlap_list')}?fiscal_year={YEAR}&sector=economic": ["overlaps"],
    }
    for url, tables in pages.items():
        html = client.get(url).content.decode()
        links = re.findall(rf'href="{export}\?table=([a-z-]+)&amp;([^"]*)"', html)
        assert sorted(table for table, _ in links if table != "overlaps" or "overlaps" in tables) == sorted(
            tables
        ), url
        assert all(given == query for table, given in links if table in tables), (url, links)
    # The dashboard's overlap panel exports the year's whole queue, whatever else is chosen.
    html = client.get(f"{INDEX}?fiscal_year={YEAR}&sector=economic").content.decode()
    assert f'href="{export}?table=overlaps&amp;fiscal_year={YEAR}"' in html


def test_a_snapshot_page_says_when_it_was_taken_and_what_changed(client, world):
    snapshot_take(fiscal_year=YEAR)
    ppa(world.maos["MA"], communities=[world.communities["C6"]], budget_allocated=Decimal("5000000"))
    snapshot = snapshot_take(fiscal_year=YEAR)
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}").content.decode()
    assert "figures as of" in html and "taken again within minutes of a PPA change" in html
    headline = row(html, "data-figure", "budget_allocated")
    assert "+₱5,000,000" in headline
    assert str(world.maos["MA"].uid) in row(html, "data-mao", str(world.maos["MA"].uid))
    assert figure(html, "ppas") == str(snapshot.payload["totals"]["ppas"])


def test_drilling_down_from_region_to_community_to_ppas(client, world):
    signed_in(client, Role.OOBC_STAFF)
    region = client.get(f"{INDEX}?fiscal_year={YEAR}&region={world.regions['IX'].psgc_code}").content.decode()
    assert "Zamboanga del Sur" in region and "independent city" in region
    assert f"province={world.provinces['P1'].psgc_code}" in region
    town = world.municipalities["M1"]
    communities = client.get(f"{INDEX}?fiscal_year={YEAR}&municipality={town.psgc_code}").content.decode()
    community_row = row(communities, "data-community", str(world.communities["C1"].uid))
    assert "Community One" in community_row and peso(Decimal("3000000")) in community_row
    ppas = client.get(
        f"{INDEX}?fiscal_year={YEAR}&municipality={town.psgc_code}&community={world.communities['C1'].uid}"
    ).content.decode()
    assert world.ppas["p1"].title in ppas and world.ppas["p2"].title in ppas
    assert world.ppas["p3"].title not in ppas


def test_every_drill_link_works_without_javascript(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}").content.decode()
    for hx_get in re.findall(r'hx-get="([^"]*)"', html):
        assert f'href="{hx_get}"' in html, hx_get


def test_htmx_gets_only_the_dashboard_body(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    response = client.get(f"{INDEX}?fiscal_year={YEAR}&sector=social", **HTMX)
    assert_partial_only(response, 'id="dashboard-body"')
    assert_full_page(client.get(f"{INDEX}?fiscal_year={YEAR}"), 'id="dashboard-body"')


def test_the_page_carries_no_inline_script_or_style(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}").content.decode()
    assert " style=" not in html and " onclick=" not in html
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    assert 'id="ocm-map-data"' in html and 'id="ocm-chart-data"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [("fiscal_year=abc", "fiscal_year"), ("region=0000000000", "region"), ("quarter=5", "quarter")],
)
def test_bad_filters_answer_400_naming_the_field(client, world, query, field):
    signed_in(client, Role.OCM_EXECUTIVE)
    response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 400
    assert response.context["filter_form"].errors[field]


def test_a_place_outside_the_chosen_region_is_refused(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    response = client.get(
        f"{INDEX}?region={world.regions['XII'].psgc_code}&province={world.provinces['P1'].psgc_code}"
    )
    assert response.status_code == 400 and response.context["filter_form"].errors["province"]


def test_the_gap_page_ranks_communities_by_unmet_need(client, world):
    signed_in(client, Role.OOBC_STAFF)
    html = client.get(reverse("ocm_dashboard:gaps") + f"?fiscal_year={YEAR}").content.decode()
    assert html.index("Community Six") < html.index("Community Three") < html.index("Community Five")
    assert "3 communities with fewer than 2 entries" in html
    one = client.get(reverse("ocm_dashboard:gaps") + f"?fiscal_year={YEAR}&min_ppas=1").content.decode()
    assert "1 community with fewer than 1 entries" in one


def test_the_overlap_queue_and_an_overlap_explain_themselves(client, overlap, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    queue = client.get(reverse("ocm_dashboard:overlap_list") + f"?fiscal_year={YEAR}").content.decode()
    assert "Community One" in row(queue, "data-overlap", str(overlap.uid))
    detail = client.get(reverse("ocm_dashboard:overlap_detail", kwargs={"uid": overlap.uid})).content.decode()
    assert "2 MAOs (MA, MB)" in detail and world.ppas["p1"].title in detail
    assert "Save review" not in detail  # OCM executives read; OOBC executives review


def test_an_oobc_executive_reviews_an_overlap(client, overlap):
    signed_in(client, Role.OOBC_EXECUTIVE)
    url = reverse("ocm_dashboard:overlap_review", kwargs={"uid": overlap.uid})
    response = client.post(url, {"status": OverlapStatus.CONFIRMED, "notes": "Same 40 households."})
    assert response.status_code == 302
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.CONFIRMED and overlap.review_notes == "Same 40 households."
    page = client.get(response["Location"]).content.decode()
    assert "Confirmed duplication" in page and "Same 40 households." in page


def test_a_review_without_the_notes_it_needs_writes_nothing(client, overlap):
    signed_in(client, Role.OOBC_EXECUTIVE)
    url = reverse("ocm_dashboard:overlap_review", kwargs={"uid": overlap.uid})
    response = client.post(url, {"status": OverlapStatus.FALSE_POSITIVE, "notes": ""})
    assert response.status_code == 400 and response.context["form"].errors["notes"]
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.DETECTED and overlap.reviewed_at is None


@pytest.mark.parametrize("role", [Role.OOBC_STAFF, Role.OCM_EXECUTIVE, Role.MAO_FOCAL])
def test_others_cannot_review_detect_or_snapshot(client, overlap, role):
    signed_in(client, role)
    review = reverse("ocm_dashboard:overlap_review", kwargs={"uid": overlap.uid})
    assert client.post(review, {"status": OverlapStatus.CONFIRMED, "notes": "x"}).status_code == 403
    assert client.post(reverse("ocm_dashboard:overlaps_detect"), {"fiscal_year": YEAR}).status_code == 403
    assert client.post(reverse("ocm_dashboard:snapshot_take"), {"fiscal_year": YEAR}).status_code == 403
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.DETECTED and not OCMDashboardSnapshot.objects.exists()


def test_reviewing_needs_the_csrf_token(overlap):
    client = Client(enforce_csrf_checks=True)
    signed_in(client, Role.OOBC_EXECUTIVE)
    url = reverse("ocm_dashboard:overlap_review", kwargs={"uid": overlap.uid})
    assert client.post(url, {"status": OverlapStatus.CONFIRMED, "notes": "x"}).status_code == 403
    assert client.post(reverse("ocm_dashboard:snapshot_take"), {"fiscal_year": YEAR}).status_code == 403
    overlap.refresh_from_db()
    assert overlap.status == OverlapStatus.DETECTED


def test_reviewing_an_unknown_overlap_is_404(client, world):
    signed_in(client, Role.OOBC_EXECUTIVE)
    url = reverse("ocm_dashboard:overlap_review", kwargs={"uid": "00000000-0000-4000-8000-000000000000"})
    assert client.post(url, {"status": OverlapStatus.CONFIRMED, "notes": "x"}).status_code == 404


def test_an_oobc_executive_takes_a_snapshot_and_runs_detection_from_the_page(
    client, world, django_capture_on_commit_callbacks
):
    signed_in(client, Role.OOBC_EXECUTIVE)
    # The tasks are queued after commit; Celery runs them eagerly in the suite.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ocm_dashboard:snapshot_take"), {"fiscal_year": YEAR})
    assert response.status_code == 302
    assert OCMDashboardSnapshot.objects.filter(fiscal_year=YEAR).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ocm_dashboard:overlaps_detect"), {"fiscal_year": YEAR})
    assert BeneficiaryOverlap.objects.filter(fiscal_year=YEAR).count() == 1


def _queries(client, url: str, **headers) -> int:
    """Queries of one GET, the streamed body included. The session read is left out: with
    cached_db sessions it hits the database only when the cache missed the key."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len([query for query in queries if "django_session" not in query["sql"]])


@pytest.mark.parametrize(
    "url",
    [
        f"{INDEX}?fiscal_year={YEAR}&sector=economic",
        f"{INDEX}?fiscal_year={YEAR}",
        f"{reverse('ocm_dashboard:gaps')}?fiscal_year={YEAR}",
        f"{reverse('ocm_dashboard:overlap_list')}?fiscal_year={YEAR}",
        f"{reverse('ocm_dashboard:export')}?table=overlaps&fiscal_year={YEAR}",
    ],
)
def test_page_queries_do_not_grow_with_rows(client, world, url):
    signed_in(client, Role.OCM_EXECUTIVE)
    overlaps_detect(fiscal_year=YEAR)
    snapshot_take(fiscal_year=YEAR)
    few = _queries(client, url)
    grow_world(world, 15)
    overlaps_detect(fiscal_year=YEAR)
    snapshot_take(fiscal_year=YEAR)
    assert _queries(client, url) == few


def test_the_snapshot_page_is_a_handful_of_queries_and_renders_its_figures_once(client, world):
    snapshot_take(fiscal_year=YEAR)
    signed_in(client, Role.OCM_EXECUTIVE)
    url = f"{INDEX}?fiscal_year={YEAR}"
    first = _queries(client, url)
    # User, notifications, the snapshot without its payload, the MAO and region lists'
    # version, the live overlap count and queue: the payload and changes, and the filter
    # bar's MAO and region lists, are read once, for the first rendering, which is then
    # served from the cache.
    assert _queries(client, url) == first - 4 == 6

    def figures(html: bytes) -> bytes:
        return html[html.index(b'id="headline-heading"') : html.index(b'id="overlaps-heading"')]

    assert figures(client.get(url).content) == figures(client.get(url).content)


def test_the_dashboard_opens_on_the_latest_year_with_ppas(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(INDEX).content.decode()  # world's PPAs are FY2025; today is later
    assert "Live FY2025 figures" in html
    assert figure(html, "ppas") == str(len(expected.counted(world.all_ppas)))


def test_the_kept_filter_bar_follows_the_year_the_page_opens_on(client, world):
    """Without a year in the query the page opens on the latest year with entries, which
    moves when a later year gets its first PPA: the kept filter bar moves with it."""
    from common.dates import current_fiscal_year

    signed_in(client, Role.OCM_EXECUTIVE)
    assert re.search(rf'name="fiscal_year" value="{YEAR}"', client.get(INDEX).content.decode())
    later = current_fiscal_year()
    ppa(world.maos["MA"], fiscal_year=later)
    html = client.get(INDEX).content.decode()
    assert f"Live FY{later} figures" in html
    assert re.search(rf'name="fiscal_year" value="{later}"', html)
    assert f"Filters (FY{later})" in html


def test_the_filter_shows_the_year_the_page_opened_on(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(INDEX).content.decode()
    assert re.search(rf'name="fiscal_year" value="{YEAR}"', html)


def test_the_csv_without_a_year_is_the_year_the_page_opens_on(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    response = client.get(reverse("ocm_dashboard:export") + "?table=mao")
    assert f"obcms-mao-{YEAR}.csv" in response["Content-Disposition"]


def test_an_empty_year_says_so_and_names_the_latest_year_with_entries(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR + 1}").content.decode()
    entries = len(expected.counted(world.all_ppas))
    notice = re.search(r'id="no-entries">(.*?)</div>', html, re.S).group(1)
    assert f"recorded for FY{YEAR + 1} yet; FY{YEAR} has {entries} entries." in " ".join(notice.split())
    assert f'href="?fiscal_year={YEAR}"' in notice
    # No zeros and no chart to draw an axis for.
    assert 'data-figure="ppas"' not in html
    assert 'id="ocm-chart-data"' not in html and 'id="ocm-map-data"' not in html


def test_filters_matching_nothing_say_so(client, world):
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}&sector=peace_security").content.decode()
    assert "No PPA or special provision matches these filters." in html
    assert 'data-figure="ppas"' not in html


def test_the_headline_counts_entries_and_says_how_many_are_special_provisions(client, world):
    ppa(
        world.maos["MA"],
        kind="special_provision",
        budget_allocated=Decimal(0),
        budget_utilized=Decimal(0),
        earmarked_amount=Decimal("5000000.00"),
    )
    signed_in(client, Role.OCM_EXECUTIVE)
    html = client.get(f"{INDEX}?fiscal_year={YEAR}&sector=economic").content.decode()
    headline = re.search(r'id="headline">(.*?)</dl>', html, re.S).group(1)
    assert ">Entries</dt>" in headline
    assert re.search(r'data-figure="special_provisions">of which 1 special provisions<', headline)
    assert '<th scope="col" class="text-right">PPAs</th>' not in html
