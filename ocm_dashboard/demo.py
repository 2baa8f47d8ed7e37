"""The dashboard's part of the demo: detect the FY2025 overlaps the core seed planted and
take a first snapshot, so the OCM executive finds both when they open the dashboard."""

from ocm_dashboard.models import OCMDashboardSnapshot, SnapshotTrigger
from ocm_dashboard.services.overlaps import overlaps_detect
from ocm_dashboard.services.snapshots import snapshot_take

DEMO_FISCAL_YEAR = 2025


def dashboard_demo_seed() -> list[str]:
    """Idempotent: detection changes nothing the second time, and a snapshot is taken only
    when the year has none."""
    result = overlaps_detect(fiscal_year=DEMO_FISCAL_YEAR)
    lines = [
        f"OCM dashboard FY{DEMO_FISCAL_YEAR}: {result.holding} beneficiary overlaps detected "
        f"({result.new} new, {result.resolved} resolved)"
    ]
    if OCMDashboardSnapshot.objects.filter(fiscal_year=DEMO_FISCAL_YEAR).exists():
        lines.append("  snapshot: already taken")
    else:
        snapshot = snapshot_take(fiscal_year=DEMO_FISCAL_YEAR, trigger=SnapshotTrigger.ON_DEMAND)
        lines.append(f"  snapshot taken at {snapshot.taken_at:%Y-%m-%d %H:%M} ({snapshot.duration_ms} ms)")
    return lines
