"""What the dashboard page shows for a set of filters, composed once: the payload (the
latest snapshot or computed live), the key its rendered figures are cached under, and the
pieces the template draws from the payload (table, map, charts) plus the overlap panel.

The internal API reads the same figures through `served.overview_read` and
`dashboard.geographic_coverage`; the page needs the whole payload (map, charts, gaps), so it
reads that instead, lazily: the template asks for the figures only when their cached
rendering is missing."""

from urllib.parse import urlencode

from django.conf import settings

from ocm_dashboard.filters import DashboardFilters
from ocm_dashboard.selectors.dashboard import chart_series, dashboard_read, map_layers, year_with_entries
from ocm_dashboard.selectors.overlaps import overlap_queue, overlap_summary
from ocm_dashboard.selectors.served import page_figures_key, page_filter_bar_key


def map_with_links(filters: DashboardFilters, layers: dict) -> dict:
    """Each bubble opens its place's drill-down; an optional tile layer (setting
    OCM_DASHBOARD_TILE_URL) is drawn under the map, which reads fine without it."""
    parameter = "community" if layers["level"] == "community" else "municipality"
    for point in layers["points"]:
        point["url"] = "?" + urlencode(filters.query(**{parameter: point.pop("key")}))
    layers["tile_url"] = getattr(settings, "OCM_DASHBOARD_TILE_URL", "")
    layers["tile_attribution"] = getattr(settings, "OCM_DASHBOARD_TILE_ATTRIBUTION", "")
    return layers


def dashboard_page(*, filters: DashboardFilters, user, language: str, query: str) -> dict:
    """The page's figures as template context. The table, map and charts are callables: the
    template calls them only when it renders the figures, which it does not for a snapshot
    (or data version) whose rendering is cached."""
    payload, snapshot = dashboard_read(filters=filters, lazy=True)
    return {
        "filters": filters,
        "payload": payload,
        "snapshot": snapshot,
        "figures_key": page_figures_key(
            filters=filters, user=user, language=language, query=query, snapshot=snapshot
        ),
        "filter_bar_key": page_filter_bar_key(filters=filters, user=user, language=language, query=query),
        "level": lambda: payload["table_level"],
        "rows": lambda: payload["coverage"][payload["table_level"]],
        "map_layers": lambda: map_with_links(filters, map_layers(payload)),
        "charts": lambda: chart_series(payload),
        # An empty year names the latest year that has entries, asked only when it is empty.
        "year_with_entries": lambda: year_with_entries(besides=filters.fiscal_year),
        "overlaps_now": overlap_summary(filters=filters),
        "overlap_queue": overlap_queue(filters=filters),
        "export_query": urlencode(filters.query()),
        "year_query": urlencode({"fiscal_year": filters.fiscal_year}),  # the year's whole overlap queue
    }
