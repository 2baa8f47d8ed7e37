"""Bar charts drawn as SVG on the server: the PDF needs no JavaScript and no image service.

Labels are escaped: MAO and sector names are data, and SVG is markup.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reporting.generators.document import Chart

WIDTH = 640
LABEL_WIDTH = 150
ROW_HEIGHT = 22
BAR_GAP = 2
COLOURS = ("#0f766e", "#f59e0b", "#6366f1")


def _short_money(value: float) -> str:
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"₱{value / limit:.1f}{suffix}"
    return f"₱{value:,.0f}"


def bar_chart_svg(chart: Chart) -> SafeString:
    """Grouped horizontal bars, one group per label, one bar per series, with a legend."""
    series_count = max(len(chart.series), 1)
    bar_height = (ROW_HEIGHT - BAR_GAP * 2) / series_count
    top = 24
    height = top + ROW_HEIGHT * len(chart.bars) + 8
    largest = max((value for bar in chart.bars for value in bar.values), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{escape(chart.title)}" '
        'font-family="sans-serif" font-size="10">'
    ]
    for index, name in enumerate(chart.series):
        x = LABEL_WIDTH + index * 110
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{COLOURS[index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
    for row, bar in enumerate(chart.bars):
        y = top + row * ROW_HEIGHT
        label = bar.label if len(bar.label) <= 26 else bar.label[:25] + "…"
        label_y = y + ROW_HEIGHT / 2 + 3
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{label_y:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        for index, value in enumerate(bar.values):
            length = max(value, 0) / largest * plot
            bar_y = y + BAR_GAP + index * bar_height
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{length:.1f}" height="{bar_height - 1:.1f}" '
                f'fill="{COLOURS[index % len(COLOURS)]}"/>'
            )
            text = _short_money(value) if chart.money else f"{value:,.0f}"
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 3:.1f}" y="{bar_y + bar_height - 2:.1f}" font-size="8">'
                f"{escape(text)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()
