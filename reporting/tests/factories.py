"""Factories and helpers for reporting tests: PPAs of two MAOs, and readers of the files."""

import io

from django.core.files.storage import default_storage
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from common.models import Role
from common.tests.factories import UserFactory
from common.tests.geo_factories import CommunityFactory
from coordination.tests.factories import OrganizationFactory
from monitoring.models import IndicatorKind, IndicatorUnit
from monitoring.tests.factories import PpaFactory

FY = 2025


def two_maos_with_ppas():
    """MAO A with three PPAs (one serving a community, one with an indicator), MAO B with two."""
    mao_a = OrganizationFactory(name="Ministry of Alpha Services", acronym="MAS")
    mao_b = OrganizationFactory(name="Ministry of Beta Works", acronym="MBW")
    community = CommunityFactory(name="Barangay Sample OBC")
    a1 = PpaFactory(
        implementing_mao=mao_a,
        title="Alpha livelihood kits",
        budget_allocated=1_500_000,
        communities=[community],
    )
    PpaFactory(
        implementing_mao=mao_a,
        title="Alpha school repair",
        budget_allocated=2_000_000,
        budget_utilized=500_000,
    )
    PpaFactory(
        implementing_mao=mao_a,
        title='=HYPERLINK("http://evil.example")',
        budget_allocated=10_000,
        budget_utilized=0,
    )
    PpaFactory(
        implementing_mao=mao_b, title="Beta water system", budget_allocated=3_000_000, communities=[community]
    )
    PpaFactory(implementing_mao=mao_b, title="Beta road", budget_allocated=4_000_000)
    a1.indicators.create(
        kind=IndicatorKind.OUTPUT,
        description="Households with kits",
        unit=IndicatorUnit.COUNT,
        target_text="200",
        target_value=200,
        actual_value=120,
    )
    return mao_a, mao_b, community


def staff_user(**fields):
    return UserFactory(role=Role.OOBC_STAFF, **fields)


def focal_user(mao, **fields):
    return UserFactory(role=Role.MAO_FOCAL, organization=mao, **fields)


def read_bytes(report) -> bytes:
    with default_storage.open(report.file.name, "rb") as handle:
        return handle.read()


def pdf_text(report) -> str:
    reader = PdfReader(io.BytesIO(read_bytes(report)))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def xlsx_workbook(report):
    return load_workbook(io.BytesIO(read_bytes(report)))


def docx_text(report) -> str:
    doc = Document(io.BytesIO(read_bytes(report)))
    parts = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
