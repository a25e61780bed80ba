"""The printed certificate: one A4 landscape PDF page drawn with Qt's own QPdfWriter and QPainter.

Everything is vector: text is embedded as font glyphs (Noto Sans, with Noto Sans Khmer for Khmer),
and the QR code is one filled path of module squares, so the page prints crisp at any size. No
extra PDF library is needed. Texts come from the catalogue in the *certificate's* language via
``translate_in``, never by switching the interface language, because this runs in a worker thread
while the screen stays in the learner's language.

Safe to call from a worker thread (QPdfWriter and QPainter on a paint device that is not a widget);
a QGuiApplication must exist (the app's, or the tests' offscreen one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QRegion,
)

from learnbox.i18n import N_, _, translate_in
from learnbox.i18n.formatting import date_from_ms
from learnbox.services.certificates import CertificateView
from learnbox.ui.fonts import KHMER_FAMILY, PRIMARY_FAMILY

log = logging.getLogger(__name__)

RESOLUTION_DPI = 300
PAGE_W_MM = 297.0
PAGE_H_MM = 210.0

NAVY = QColor("#0B3D7A")
GOLD = QColor("#B08A3E")
INK = QColor("#1A1A1A")
MUTED = QColor("#5A5A5A")

WEIGHT_AXIS = QFont.Tag.fromString("wght")

#: The code uses only A-Z and 2-9, so any monospace face will do; these cover Windows and Linux.
MONO_FAMILIES = ["Noto Sans Mono", "DejaVu Sans Mono", "Consolas", "Liberation Mono", "Courier New"]

TITLE = N_("Certificate of completion")
CERTIFIES = N_("This is to certify that")
COMPLETED = N_("has successfully completed the course")
DATE_LABEL = N_("Date of issue")
CODE_LABEL = N_("Certificate code")
CHECK_AT = N_("Check this certificate at {url}")
SCAN = N_("Scan to check")
DEFAULT_PROGRAMME = "LearnBox"


class CertificatePdfError(Exception):
    """The PDF could not be made; ``str()`` is a translated sentence for the learner."""


def write_certificate_pdf(view: CertificateView, path: Path, language: str) -> None:
    """Write ``view`` as a one-page A4 landscape PDF at ``path``, with texts in ``language``.

    Raises CertificatePdfError (translated message) when the certificate cannot be printed (not
    issued, not verified, no code) or the file cannot be written.
    """
    if not view.printable or not view.code or view.issued_at is None:
        raise CertificatePdfError(_("Only a verified certificate can be saved as a PDF."))
    path = Path(path)
    if not path.parent.is_dir():
        raise CertificatePdfError(_("The folder {folder} does not exist.").format(folder=str(path.parent)))

    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)
        )
    )
    writer.setTitle(f"{translate_in(language, TITLE)}: {view.course_title} ({view.code})")
    writer.setCreator("LearnBox")
    painter = QPainter()
    if not painter.begin(writer):
        raise CertificatePdfError(
            _("The PDF could not be saved to {path}. Choose another folder.").format(path=str(path))
        )
    try:
        _Page(painter, writer.resolution()).draw(view, language, view.code, view.issued_at)
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise CertificatePdfError(
            _("The PDF could not be saved to {path}. Choose another folder.").format(path=str(path))
        )
    log.info("certificate %s written to %s", view.code, path)


class _Page:
    """Draws on a page in millimetres; font sizes are in points (the writer's DPI makes them real)."""

    def __init__(self, painter: QPainter, dpi: int) -> None:
        self.p = painter
        self.unit = dpi / 25.4  # device pixels per millimetre
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    def mm(self, value: float) -> float:
        return value * self.unit

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(h))

    # ------------------------------------------------------------------ page
    def draw(self, view: CertificateView, language: str, code: str, issued_at: datetime) -> None:
        def tr(message: str) -> str:
            return translate_in(language, message)

        self.frame()
        programme = (view.issuer_name or DEFAULT_PROGRAMME).upper()
        self.text(programme, 24, 8, 11.0, MUTED, weight=QFont.Weight.DemiBold, spacing=130)
        self.text(tr(TITLE), 36, 18, 30.0, NAVY, weight=QFont.Weight.Bold)
        self.ornament(58)
        self.text(tr(CERTIFIES), 66, 8, 13.0, MUTED)
        name_bottom, name_width = self.fitted(
            view.learner_name or "—", 77, 20, 36.0, INK, QFont.Weight.Bold, lines=1
        )
        self.rule(name_bottom + 2, min(PAGE_W_MM - 60, max(120.0, name_width + 16)))
        self.text(tr(COMPLETED), name_bottom + 6, 8, 13.0, MUTED)
        self.fitted(view.course_title, name_bottom + 16, 22, 22.0, NAVY, QFont.Weight.DemiBold, lines=2)

        issued_ms = int(issued_at.timestamp() * 1000)
        self.facts(tr(DATE_LABEL), date_from_ms(issued_ms, language, "long"), tr(CODE_LABEL), code)
        if view.verification_url:
            self.qr(view.verification_url, x=PAGE_W_MM - 32 - 40, y=140, size=40)
            self.text(tr(SCAN), 181.5, 5, 9.0, MUTED, x=PAGE_W_MM - 32 - 40, w=40)
            self.text(
                tr(CHECK_AT).format(url=view.verification_url), 188, 6, 10.5, INK, x=30, w=PAGE_W_MM - 60
            )

    def frame(self) -> None:
        """A navy border with a fine gold line inside it."""
        self.p.fillRect(self.rect(0, 0, PAGE_W_MM, PAGE_H_MM), QColor("#FFFFFF"))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.setPen(QPen(NAVY, self.mm(1.6)))
        self.p.drawRect(self.rect(9, 9, PAGE_W_MM - 18, PAGE_H_MM - 18))
        self.p.setPen(QPen(GOLD, self.mm(0.35)))
        self.p.drawRect(self.rect(12.5, 12.5, PAGE_W_MM - 25, PAGE_H_MM - 25))

    def ornament(self, y: float) -> None:
        """A short gold rule with a diamond in the middle, under the title."""
        centre = PAGE_W_MM / 2
        self.p.setPen(QPen(GOLD, self.mm(0.4)))
        self.p.drawLine(QPointF(self.mm(centre - 30), self.mm(y)), QPointF(self.mm(centre - 3), self.mm(y)))
        self.p.drawLine(QPointF(self.mm(centre + 3), self.mm(y)), QPointF(self.mm(centre + 30), self.mm(y)))
        diamond = QPainterPath()
        diamond.moveTo(self.mm(centre), self.mm(y - 1.6))
        diamond.lineTo(self.mm(centre + 1.6), self.mm(y))
        diamond.lineTo(self.mm(centre), self.mm(y + 1.6))
        diamond.lineTo(self.mm(centre - 1.6), self.mm(y))
        diamond.closeSubpath()
        self.p.fillPath(diamond, GOLD)

    def rule(self, y: float, width: float) -> None:
        self.p.setPen(QPen(GOLD, self.mm(0.3)))
        x = (PAGE_W_MM - width) / 2
        self.p.drawLine(QPointF(self.mm(x), self.mm(y)), QPointF(self.mm(x + width), self.mm(y)))

    # ------------------------------------------------------------------ text
    def font(self, points: float, weight: QFont.Weight = QFont.Weight.Normal, spacing: float = 100) -> QFont:
        font = QFont()
        font.setFamilies([PRIMARY_FAMILY, KHMER_FAMILY])
        font.setPointSizeF(points)
        font.setWeight(weight)
        # The bundled Noto Sans is a variable font: Qt's PDF engine only embeds a bold instance when
        # the weight axis is set explicitly (setWeight alone prints regular glyphs).
        font.setVariableAxis(WEIGHT_AXIS, float(weight.value))
        if spacing != 100:
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, spacing)
        return font

    def text(
        self,
        text: str,
        y: float,
        h: float,
        points: float,
        colour: QColor,
        *,
        weight: QFont.Weight = QFont.Weight.Normal,
        spacing: float = 100,
        x: float = 20,
        w: float = PAGE_W_MM - 40,
    ) -> None:
        """One centred line in the box (x, y, w, h), shrunk to fit the width if it must."""
        font = self.font(points, weight, spacing)
        box = self.rect(x, y, w, h)
        width = QFontMetricsF(font, self.p.device()).horizontalAdvance(text)
        if width > box.width():
            font.setPointSizeF(max(6.0, points * box.width() / width * 0.98))
        self.p.setFont(font)
        self.p.setPen(colour)
        self.p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def fitted(
        self, text: str, y: float, h: float, points: float, colour: QColor, weight: QFont.Weight, lines: int
    ) -> tuple[float, float]:
        """``text`` centred under ``y`` in at most ``lines`` lines, shrinking the font until it fits.

        Returns the bottom and the width (mm) of the text drawn, so what follows can sit under it.
        """
        x, w = 30.0, PAGE_W_MM - 60
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if lines > 1:
            flags |= int(Qt.TextFlag.TextWordWrap)
        size = points
        while True:
            font = self.font(size, weight)
            metrics = QFontMetricsF(font, self.p.device())
            bound = metrics.boundingRect(self.rect(x, y, w, PAGE_H_MM), flags, text)
            fits_lines = bound.height() <= metrics.lineSpacing() * lines + 1
            if (fits_lines and bound.width() <= self.mm(w)) or size <= 10:
                break
            size -= 1
        if lines == 1 and bound.width() > self.mm(w):
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.mm(w))
        self.p.setFont(font)
        self.p.setPen(colour)
        height = min(bound.height(), metrics.lineSpacing() * lines + 1)
        self.p.drawText(QRectF(self.mm(x), self.mm(y), self.mm(w), height), flags, text)
        return y + max(height / self.unit, h * 0.6), min(bound.width(), self.mm(w)) / self.unit

    def facts(self, date_label: str, date: str, code_label: str, code: str) -> None:
        """Date and code, left-aligned in the bottom-left corner; the code large and monospace."""
        x, w = 32.0, 150.0
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.p.setPen(MUTED)
        self.p.setFont(self.font(10.0, QFont.Weight.DemiBold, 110))
        self.p.drawText(self.rect(x, 142, w, 6), left, date_label.upper())
        self.p.setPen(INK)
        self.p.setFont(self.font(15.0))
        self.p.drawText(self.rect(x, 148, w, 9), left, date)
        self.p.setPen(MUTED)
        self.p.setFont(self.font(10.0, QFont.Weight.DemiBold, 110))
        self.p.drawText(self.rect(x, 160, w, 6), left, code_label.upper())
        mono = QFont()
        mono.setFamilies(MONO_FAMILIES)
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(26.0)
        mono.setWeight(QFont.Weight.Bold)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.p.setFont(mono)
        self.p.setPen(NAVY)
        self.p.drawText(self.rect(x, 166, w, 14), left, code)

    # ------------------------------------------------------------------ QR
    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """The QR code of ``url`` as one filled vector path, with its quiet zone.

        The dark modules are merged into a QRegion in module units (exact integers) and filled
        once under a scaling transform: one path means no hairline seams between modules in PDF
        viewers, and a handful of Qt calls instead of one per module.
        """
        code = segno.make(url, error="m", micro=False)
        rows = [list(row) for row in code.matrix_iter(border=4)]
        region = QRegion()
        for r, row in enumerate(rows):
            for start, length in _dark_runs(row):
                region = region.united(QRect(start, r, length, 1))
        path = QPainterPath()
        path.addRegion(region)
        module = self.mm(size) / len(rows)
        self.p.fillRect(self.rect(x, y, size, size), QColor("#FFFFFF"))
        self.p.save()
        self.p.translate(self.mm(x), self.mm(y))
        self.p.scale(module, module)
        self.p.fillPath(path, INK)
        self.p.restore()


def _dark_runs(row: Iterable[object]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules: fewer, wider rectangles and no hairline seams."""
    runs: list[tuple[int, int]] = []
    start = None
    cells = list(row)
    for i, cell in enumerate([*cells, 0]):
        if cell and start is None:
            start = i
        elif not cell and start is not None:
            runs.append((start, i - start))
            start = None
    return runs
