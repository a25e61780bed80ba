"""QR codes of a certificate's verification URL, for the printout and the certificate screen.

SVG scales without blur to any print resolution (Qt's SVG renderer draws it into QPdfWriter).
Error correction level M survives the smudges and folds a paper certificate gets; the quiet
zone of 4 modules is what the QR standard requires for reliable scanning.
"""

from __future__ import annotations

import io

import segno

from learnbox.certs.errors import CertificateError

#: Module size in SVG user units; callers scale the SVG to the size they draw.
MODULE = 4


def verification_qr_svg(url: str, title: str = "") -> str:
    """An SVG document (text) of a QR code for ``url``; CertificateError for an unusable URL."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise CertificateError(f"not a web address for a QR code: {url!r}")
    if len(url) > 500:
        raise CertificateError("verification URL too long for a printable QR code")
    qr = segno.make(url, error="m", micro=False)
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=MODULE, border=4, xmldecl=False, svgns=True, title=title or None)
    return buf.getvalue().decode("utf-8")


def verification_qr_png(url: str, scale: int = 8) -> bytes:
    """The same QR code as PNG bytes (for places that cannot draw SVG)."""
    if not url.startswith(("https://", "http://")):
        raise CertificateError(f"not a web address for a QR code: {url!r}")
    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
