"""XLSX renderer (openpyxl, write-only): one sheet per table, typed cells, a frozen and bold
header row, PHP number formats. Write-only mode streams rows to disk, so 100,000 PPAs
take bounded memory. Text cells that a spreadsheet would run as a formula (= + - @) are
neutralised the same way as the dashboard's CSV exports, and stored as text."""

import re
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ocm_dashboard.exports import neutralise
from reporting.generators.document import (
    Column,
    ColumnType,
    ProgressCallback,
    ReportDocument,
    Table,
    format_value,
)

NUMBER_FORMATS = {
    ColumnType.MONEY: '"₱"#,##0.00',
    ColumnType.INTEGER: "#,##0",
    ColumnType.PERCENT: "0.0%",
    ColumnType.NUMBER: "#,##0.0",
    ColumnType.DATE: "yyyy-mm-dd",
}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0F766E")
TITLE_FONT = Font(bold=True, size=14)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PROGRESS_EVERY = 5000


def sheet_title(name: str, used: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", name)[:28].strip() or "Sheet"
    title, number = base, 2
    while title.lower() in used:
        title = f"{base[:25]} {number}"
        number += 1
    used.add(title.lower())
    return title


def typed_value(value, column_type: ColumnType):
    """The cell's Python value: numbers as numbers, dates as dates, text neutralised."""
    if value is None or value == "":
        return None
    if column_type in (ColumnType.MONEY, ColumnType.NUMBER):
        return float(Decimal(value)) if not isinstance(value, float) else value
    if column_type is ColumnType.PERCENT:
        return float(value)
    if column_type is ColumnType.INTEGER:
        return int(value)
    if column_type is ColumnType.DATE:
        if isinstance(value, (date, datetime)):
            return value
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return neutralise(str(value))
    return neutralise(value)


class _Sheet:
    def __init__(self, workbook: Workbook, title: str, columns: list[Column]):
        self.worksheet = workbook.create_sheet(title)
        self.columns = columns
        for index, column in enumerate(columns):
            letter = _column_letter(index)
            self.worksheet.column_dimensions[letter].width = column.width
        self.worksheet.freeze_panes = "A2"

    def header(self) -> None:
        cells = []
        for column in self.columns:
            cell = WriteOnlyCell(self.worksheet, value=neutralise(column.header))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        self.worksheet.append(cells)

    def row(self, values: list) -> None:
        cells = []
        for value, column in zip(values, self.columns, strict=False):
            typed = typed_value(value, column.type)
            cell = WriteOnlyCell(self.worksheet, value=typed)
            if isinstance(typed, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif column.type in NUMBER_FORMATS and typed is not None:
                cell.number_format = NUMBER_FORMATS[column.type]
            cells.append(cell)
        self.worksheet.append(cells)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _summary_sheet(workbook: Workbook, document: ReportDocument, used: set[str]) -> None:
    columns = [Column("Item", ColumnType.TEXT, 44), Column("Value", ColumnType.TEXT, 60)]
    sheet = _Sheet(workbook, sheet_title("Summary", used), columns)
    sheet.header()
    sheet.row([document.title, document.subtitle])
    for fact in document.facts:
        sheet.row([fact.label, format_value(fact.value, fact.type)])
    if document.data_as_of:
        sheet.row(["Data as of", document.data_as_of.isoformat(timespec="minutes")])
    for section in document.sections:
        for figure in section.figures:
            # Figures keep their type here too: a number a reader can sum.
            cells = [
                WriteOnlyCell(sheet.worksheet, value=neutralise(f"{section.heading}: {figure.label}")),
                _figure_cell(sheet.worksheet, figure),
            ]
            sheet.worksheet.append(cells)
        for paragraph in section.paragraphs:
            sheet.row([section.heading, paragraph])


def _figure_cell(worksheet, figure) -> WriteOnlyCell:
    typed = typed_value(figure.value, figure.type)
    cell = WriteOnlyCell(worksheet, value=typed)
    if isinstance(typed, str):
        cell.data_type = "s"
    elif figure.type in NUMBER_FORMATS and typed is not None:
        cell.number_format = NUMBER_FORMATS[figure.type]
    return cell


def render_xlsx(document: ReportDocument, output: BinaryIO, progress: ProgressCallback | None = None) -> None:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    _summary_sheet(workbook, document, used)
    tables: list[Table] = [table for section in document.sections for table in section.tables]
    for table_index, table in enumerate(tables):
        name = (
            table.name if len(tables) == len({t.name for t in tables}) else f"{table_index + 1} {table.name}"
        )
        sheet = _Sheet(workbook, sheet_title(name, used), table.columns)
        sheet.header()
        for count, row in enumerate(table.rows, start=1):
            sheet.row(row)
            if progress and table.total and count % PROGRESS_EVERY == 0:
                progress(55 + int(35 * count / max(table.total, 1)))
    workbook.save(output)
