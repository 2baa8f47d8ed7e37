"""DOCX renderer (python-docx): real Word headings (so the navigation pane and a table of
contents work), tables in the built-in grid style, and a signatory block to sign."""

from typing import BinaryIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reporting.generators.document import PRINT_ROW_LIMIT, ColumnType, ReportDocument, format_value


def _table(doc, table) -> None:
    shown = [index for index, column in enumerate(table.columns) if column.printed]
    columns = [table.columns[index] for index in shown]
    rows = []
    cut = False
    for index, row in enumerate(table.rows):
        if index >= PRINT_ROW_LIMIT:
            cut = True
            break
        rows.append([row[index] for index in shown])
    if not rows:
        doc.add_paragraph("Nothing to list.")
        return
    grid = doc.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, columns, strict=False):
        cell.text = column.header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = grid.add_row().cells
        for cell, value, column in zip(cells, row, columns, strict=False):
            cell.text = format_value(value, column.type)
            if column.type not in (ColumnType.TEXT, ColumnType.DATE):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for grid_row in grid.rows:
        for cell in grid_row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
    if cut:
        doc.add_paragraph(
            f"Only the first {PRINT_ROW_LIMIT} rows are listed; "
            "the XLSX version of this report lists them all."
        )


def render_docx(document: ReportDocument, output: BinaryIO) -> None:
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Bangsamoro Government · Office for Other Bangsamoro Communities (OOBC)"
    doc.add_heading(document.title, level=0)
    doc.add_paragraph(document.subtitle)
    for fact in document.facts:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{fact.label}: ").bold = True
        paragraph.add_run(format_value(fact.value, fact.type))
    if document.data_as_of:
        doc.add_paragraph(f"Data as of {document.data_as_of:%d %B %Y %H:%M}")
    for section in document.sections:
        doc.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        for figure in section.figures:
            line = doc.add_paragraph(style="List Bullet")
            line.add_run(f"{figure.label}: ")
            line.add_run(format_value(figure.value, figure.type)).bold = True
        for table in section.tables:
            if len(section.tables) > 1:
                doc.add_heading(table.name, level=2)
            _table(doc, table)
    doc.add_heading("Signatories", level=1)
    signatures = doc.add_table(rows=3, cols=len(document.signatories))
    for column, role in enumerate(document.signatories):
        signatures.cell(0, column).text = role
        signatures.cell(1, column).text = "\n\n______________________________"
        signatures.cell(2, column).text = "Name, position and date"
    doc.save(output)
