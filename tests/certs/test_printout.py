"""QR code and printout data for the PDF the UI draws."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import segno

from learnbox.certs.credential import CredentialInput, issue_credential, verification_url
from learnbox.certs.errors import CertificateError
from learnbox.certs.keys import SigningKey
from learnbox.certs.printout import build_printout, name_matches
from learnbox.certs.qr import verification_qr_png, verification_qr_svg

URL = "https://certs.learnbox.test/v/7KQM-X4TB"


def test_qr_svg_is_an_svg_of_the_url() -> None:
    svg = verification_qr_svg(URL, title="7KQM-X4TB")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    expected = segno.make(URL, error="m", micro=False)
    assert int(root.attrib["width"]) == (expected.symbol_size(scale=4, border=4)[0])
    assert verification_qr_svg(URL) == verification_qr_svg(URL), "same URL, same picture"
    assert verification_qr_png(URL).startswith(b"\x89PNG")


@pytest.mark.parametrize("bad", ["", "javascript:alert(1)", "ftp://x", "https://x/" + "a" * 600])
def test_qr_refuses_non_web_addresses(bad: str) -> None:
    with pytest.raises(CertificateError):
        verification_qr_svg(bad)


def test_printout_in_vietnamese_and_english(
    credential_input: CredentialInput, signing_key: SigningKey
) -> None:
    credential = issue_credential(credential_input, signing_key)
    assert verification_url(credential) == URL
    vi = build_printout(credential, "  Nguyễn Thị Lan ", "vi")
    assert vi.learner_name == "Nguyễn Thị Lan"
    assert vi.course_name == "Dùng máy tính"
    assert vi.code == "7KQM-X4TB" and vi.verification_url == URL
    assert "7KQM-X4TB" in vi.code_line and URL in vi.check_line
    assert "2026" in vi.issued_date and "tháng 11" in vi.issued_date
    assert "1.3, 5.1" in vi.digcomp_line
    en = build_printout(credential, "Nguyễn Thị Lan", "en")
    assert en.issued_date == "November 22, 2026"
    assert "Trung tâm LearnBox Hà Nội" in en.issued_line
    assert ET.fromstring(en.qr_svg) is not None


def test_printout_date_is_viet_nam_date(credential_input: CredentialInput, signing_key: SigningKey) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    late = replace(
        credential_input, valid_from=datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    )  # 03:00 next day in VN
    assert build_printout(issue_credential(late, signing_key), "Lan", "en").issued_date == "November 23, 2026"


def test_name_check(credential_input: CredentialInput, signing_key: SigningKey) -> None:
    credential = issue_credential(credential_input, signing_key)
    assert name_matches(credential, "Nguyễn Thị Lan") is True
    assert name_matches(credential, "Trần Văn Nam") is False
    no_name = issue_credential(replace_recipient(credential_input), signing_key)
    assert name_matches(no_name, "Nguyễn Thị Lan") is None


def replace_recipient(data: CredentialInput) -> CredentialInput:
    from dataclasses import replace

    return replace(data, recipient=data.recipient[:1])


def test_printout_needs_code_and_url(credential_input: CredentialInput, signing_key: SigningKey) -> None:
    credential = issue_credential(credential_input, signing_key)
    broken = {**credential, "description": "no code"}
    with pytest.raises(CertificateError):
        build_printout(broken, "Lan", "vi")
