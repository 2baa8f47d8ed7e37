"""PDF renderer (WeasyPrint): A4, the Bangsamoro Government and OOBC header on every page,
page numbers, a table of contents for long reports, SVG charts drawn on the server.

WeasyPrint fetches nothing but our own static files (`StaticOnlyFetcher`): report text is
data, and a URL hidden in it must not make the server call out (SECURITY.md, exports).
"""

from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, URLFetcher

from reporting.generators.charts import bar_chart_svg
from reporting.generators.document import PRINT_ROW_LIMIT, ColumnType, ReportDocument, format_value

# Long enough to need a table of contents: more sections than fit on the first page.
TOC_MIN_SECTIONS = 4


def static_roots() -> list[Path]:
    roots = [Path(path).resolve() for path in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URIs and files under our static directories; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, **kwargs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if any(path.is_relative_to(root) for root in static_roots()):
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"Reports fetch only OBCMS static files, not {url}")


def printable_table(table) -> dict:
    shown = [index for index, column in enumerate(table.columns) if column.printed]
    columns = [table.columns[index] for index in shown]
    total_width = sum(column.width for column in columns) or 1
    rows, cut = [], False
    for count, row in enumerate(table.rows):
        if count >= PRINT_ROW_LIMIT:
            cut = True
            break
        rows.append(
            [
                (format_value(row[index], column.type), column.type not in (ColumnType.TEXT, ColumnType.DATE))
                for index, column in zip(shown, columns, strict=True)
            ]
        )
    headers = [
        (
            column.header,
            column.type not in (ColumnType.TEXT, ColumnType.DATE),
            round(column.width * 100 / total_width, 1),
        )
        for column in columns
    ]
    return {"table": table, "headers": headers, "rows": rows, "cut": cut, "limit": PRINT_ROW_LIMIT}


def document_context(document: ReportDocument) -> dict:
    sections = []
    for index, section in enumerate(document.sections, start=1):
        sections.append(
            {
                "anchor": f"section-{index}",
                "section": section,
                "figures": [
                    (figure.label, format_value(figure.value, figure.type)) for figure in section.figures
                ],
                "charts": [bar_chart_svg(chart) for chart in section.charts],
                "tables": [printable_table(table) for table in section.tables],
            }
        )
    return {
        "document": document,
        "facts": [(fact.label, format_value(fact.value, fact.type)) for fact in document.facts],
        "sections": sections,
        "with_toc": len(sections) >= TOC_MIN_SECTIONS,
        "printed_at": timezone.localtime(),
        "data_as_of": timezone.localtime(document.data_as_of) if document.data_as_of else None,
    }


def render_pdf(document: ReportDocument, output: BinaryIO) -> StaticOnlyFetcher:
    html = render_to_string("reporting/pdf/report.html", document_context(document))
    fetcher = StaticOnlyFetcher()
    base_url = str(static_roots()[0]) + "/" if static_roots() else None
    HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(output)
    return fetcher
