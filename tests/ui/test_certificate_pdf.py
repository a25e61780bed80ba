"""The printed certificate: a valid one-page A4 landscape PDF, texts in the learner's language, a QR
code that really encodes the verification URL (checked module by module on a rendering)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import segno
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from learnbox.services.certificates import CertificateView
from learnbox.services.courses import CertificateStatus
from learnbox.ui.certificate.pdf import CertificatePdfError, _dark_runs, write_certificate_pdf

URL = "https://certs.learnbox.vn/v/7KQM-X4TB"
VIEW = CertificateView(
    course_id="using-a-computer",
    claim_id="c1",
    course_title="Dùng máy tính",
    status=CertificateStatus.ISSUED,
    learner_name="Nguyễn Thị Ngọc Huyền",
    code="7KQM-X4TB",
    issued_at=datetime(2026, 11, 22, 8, 30, tzinfo=UTC),
    verification_url=URL,
    verified=True,
    issuer_name="Trung tâm LearnBox Hà Nội",
    language="vi",
)
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "vi-certificate-pdf.png"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) is not installed",
)


def pdf_text(path: Path) -> str:
    """The PDF's text as one NFKC line: extraction splits some Vietnamese clusters ("Thi ̣") and
    keeps the "fi" ligature glyph, neither of which is a problem on paper."""
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    joined = re.sub(r"\s+(?=[\u0300-\u036f])", "", raw)
    return " ".join(unicodedata.normalize("NFKC", joined).split())


def test_one_a4_landscape_page(app: QApplication, tmp_path: Path) -> None:
    out = tmp_path / "cert.pdf"
    write_certificate_pdf(VIEW, out, "vi")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    width, height = float(box.group(1)), float(box.group(2))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape in points


@needs_poppler
def test_texts_in_the_learners_language(app: QApplication, tmp_path: Path) -> None:
    out = tmp_path / "cert.pdf"
    write_certificate_pdf(VIEW, out, "vi")
    flat = pdf_text(out)
    assert "Nguyễn Thị Ngọc Huyền" in flat
    assert "Dùng máy tính" in flat
    assert "7KQM-X4TB" in flat
    assert URL in flat
    assert "22 tháng 11, 2026" in flat  # Vietnamese long date

    english = tmp_path / "en.pdf"
    write_certificate_pdf(VIEW, english, "en")
    text_en = pdf_text(english)
    assert "Certificate of completion" in text_en
    assert "November 22, 2026" in text_en


@needs_poppler
def test_rendering_and_qr_code_modules(app: QApplication, tmp_path: Path) -> None:
    out = tmp_path / "cert.pdf"
    write_certificate_pdf(VIEW, out, "vi")
    dpi = 150
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(out), str(tmp_path / "page")], check=True
    )
    image = QImage(str(tmp_path / "page.png"))
    assert not image.isNull()
    assert image.width() > image.height()  # landscape

    # Sample the centre of every module where pdf.py places the QR (x=225 mm, y=140 mm, 40 mm wide).
    rows = [list(r) for r in segno.make(URL, error="m", micro=False).matrix_iter(border=4)]
    module_mm = 40 / len(rows)
    px_per_mm = dpi / 25.4
    wrong = 0
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            x = (225 + (c + 0.5) * module_mm) * px_per_mm
            y = (140 + (r + 0.5) * module_mm) * px_per_mm
            is_dark = image.pixelColor(int(x), int(y)).lightness() < 128
            wrong += is_dark != bool(dark)
    assert wrong == 0

    if os.environ.get("LEARNBOX_SCREENSHOTS"):  # refresh docs/screenshots only when asked
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-singlefile", str(out), str(SCREENSHOT.with_suffix(""))],
            check=True,
        )


def test_only_verified_issued_certificates_print(app: QApplication, tmp_path: Path) -> None:
    for bad in (
        replace(VIEW, verified=False, problem="bad_signature"),
        replace(VIEW, status=CertificateStatus.REVOKED),
        replace(VIEW, status=CertificateStatus.WAITING, code=None),
    ):
        with pytest.raises(CertificatePdfError):
            write_certificate_pdf(bad, tmp_path / "x.pdf", "vi")
    assert not (tmp_path / "x.pdf").exists()


def test_missing_folder_is_a_clear_error(app: QApplication, tmp_path: Path) -> None:
    with pytest.raises(CertificatePdfError, match="nowhere"):
        write_certificate_pdf(VIEW, tmp_path / "nowhere" / "x.pdf", "vi")


def test_long_name_and_title_still_make_one_page(app: QApplication, tmp_path: Path) -> None:
    view = replace(VIEW, learner_name="Nguyễn " * 12, course_title="Tìm việc làm trên mạng " * 8)
    out = tmp_path / "long.pdf"
    write_certificate_pdf(view, out, "km")
    assert len(re.findall(rb"/Type\s*/Page\b", out.read_bytes())) == 1


def test_dark_runs() -> None:
    assert _dark_runs([0, 1, 1, 0, 1]) == [(1, 2), (4, 1)]
    assert _dark_runs([1, 1, 1]) == [(0, 3)]
    assert _dark_runs([0, 0]) == []
