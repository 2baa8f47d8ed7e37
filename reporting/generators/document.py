"""What a data builder produces and every renderer reads: one document, three formats.

A builder computes the figures once (from the dashboard and registry selectors); the PDF,
XLSX and DOCX renderers only lay them out, so the three files of one report can never
disagree. Table rows may be a lazy iterator: the XLSX renderer streams them, the PDF and
DOCX renderers stop at `PRINT_ROW_LIMIT` and say where the full list is.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

# A printed table longer than this is cut, with a note: nobody reads 100,000 rows on paper.
PRINT_ROW_LIMIT = 1000


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # PHP, two decimals
    PERCENT = "percent"  # a ratio 0..1 shown as a percentage
    NUMBER = "number"  # a decimal figure (average progress, median days)
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str
    type: ColumnType = ColumnType.TEXT
    width: int = 14  # characters, for the XLSX sheet (and relative widths on paper)
    printed: bool = True  # False: the spreadsheet only (ids nobody reads on paper)


@dataclass
class Table:
    name: str  # the sheet name and the table's caption
    columns: list[Column]
    rows: Iterable[list]
    note: str = ""
    # Total number of rows when known in advance (lets renderers say "first N of M").
    total: int | None = None


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    type: ColumnType = ColumnType.TEXT


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    series: tuple[str, ...]  # legend names, one per value of each bar
    bars: tuple[Bar, ...]
    money: bool = True


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportDocument:
    title: str
    subtitle: str
    sections: list[Section]
    # Key facts printed under the title: fiscal year, quarter, MAO, data as of ...
    facts: list[Figure] = field(default_factory=list)
    data_as_of: datetime | None = None
    snapshot_uid: str | None = None
    signatories: tuple[str, ...] = ("Prepared by", "Reviewed by", "Approved by")


ProgressCallback = Callable[[int], None]


def format_value(value, column_type: ColumnType) -> str:
    """A figure as printed in the PDF and Word files (the XLSX keeps it typed)."""
    if value is None or value == "":
        return "—"
    if column_type is ColumnType.MONEY:
        return f"₱{Decimal(value):,.2f}"
    if column_type is ColumnType.PERCENT:
        return f"{float(value) * 100:.1f}%"
    if column_type is ColumnType.INTEGER:
        return f"{int(value):,}"
    if column_type is ColumnType.NUMBER:
        return f"{float(value):,.1f}"
    if column_type is ColumnType.DATE and isinstance(value, (date, datetime)):
        return value.strftime("%d %b %Y")
    return str(value)
