"""Report generation: one data builder per kind (`builders`), three renderers sharing it."""

from typing import BinaryIO

from reporting.generators.document import ProgressCallback, ReportDocument

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render(document: ReportDocument, file_format: str, output: BinaryIO, progress: ProgressCallback) -> None:
    if file_format == "pdf":
        from reporting.generators.pdf import render_pdf

        render_pdf(document, output)
    elif file_format == "xlsx":
        from reporting.generators.xlsx import render_xlsx

        render_xlsx(document, output, progress)
    elif file_format == "docx":
        from reporting.generators.docx import render_docx

        render_docx(document, output)
    else:
        raise ValueError(f"unknown report format {file_format!r}")
