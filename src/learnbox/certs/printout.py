"""Everything a printed certificate shows, prepared without Qt (the UI draws it with QPdfWriter).

The learner's name comes from the learner's profile on the PC, not from the credential (which
holds only a salted hash of it); :func:`name_matches` tells the UI whether the printed name is
the one the certificate was issued to, when the credential carries a name hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from babel.dates import format_date

from learnbox.certs.credential import credential_code, identity_matches, verification_url
from learnbox.certs.data_integrity import parse_datetime_stamp
from learnbox.certs.errors import CertificateError
from learnbox.certs.qr import verification_qr_svg
from learnbox.i18n import N_, translate_in

#: Certificates are dated in Viet Nam time (UTC+7, no daylight saving).
DISPLAY_TZ = timezone(timedelta(hours=7))

HEADING = N_("Certificate of completion")
CERTIFIES = N_("This certifies that")
COMPLETED = N_("has successfully completed the course")
ISSUED_ON = N_("Issued on {date} by {issuer}")
CODE_LINE = N_("Certificate code: {code}")
CHECK_LINE = N_("Scan the code or visit {url} to check this certificate.")
DIGCOMP_LINE = N_("Digital skills (DigComp 2.2): {codes}")


@dataclass(frozen=True)
class Printout:
    """Texts (already in the learner's language) and the QR code of one certificate printout."""

    language: str
    heading: str
    certifies: str
    learner_name: str
    completed: str
    course_name: str
    issued_line: str
    code_line: str
    check_line: str
    digcomp_line: str
    code: str
    verification_url: str
    qr_svg: str
    issued_date: str


def name_matches(credential: Mapping[str, Any], learner_name: str) -> bool | None:
    """True/False when the credential has a name hash to compare with; None when it has none."""
    subject = credential.get("credentialSubject")
    identities = subject.get("identifier") if isinstance(subject, Mapping) else None
    names = [i for i in identities or [] if isinstance(i, Mapping) and i.get("identityType") == "name"]
    if not names:
        return None
    return any(identity_matches(i, learner_name.strip()) for i in names)


def build_printout(credential: Mapping[str, Any], learner_name: str, language: str) -> Printout:
    """The printout texts for a (verified) credential, in ``language``."""

    def t(text: str) -> str:
        return translate_in(language, text)

    code = credential_code(credential)
    url = verification_url(credential)
    if not code or not url:
        raise CertificateError("this credential has no certificate code or verification address")
    subject = credential.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    issuer = credential.get("issuer") or {}
    issued = parse_datetime_stamp(str(credential.get("validFrom", "")))
    try:
        date_text = format_date(issued.astimezone(DISPLAY_TZ).date(), format="long", locale=language)
    except (ValueError, LookupError):
        date_text = issued.astimezone(UTC).date().isoformat()
    codes = [a.get("targetCode", "") for a in achievement.get("alignment") or [] if isinstance(a, Mapping)]
    return Printout(
        language=language,
        heading=t(HEADING),
        certifies=t(CERTIFIES),
        learner_name=learner_name.strip(),
        completed=t(COMPLETED),
        course_name=str(achievement.get("name", "")),
        issued_line=t(ISSUED_ON).format(date=date_text, issuer=issuer.get("name", "")),
        code_line=t(CODE_LINE).format(code=code),
        check_line=t(CHECK_LINE).format(url=url),
        digcomp_line=t(DIGCOMP_LINE).format(codes=", ".join(c for c in codes if c)) if codes else "",
        code=code,
        verification_url=url,
        qr_svg=verification_qr_svg(url, title=code),
        issued_date=date_text,
    )


def issued_at(credential: Mapping[str, Any]) -> datetime:
    """The credential's ``validFrom`` as an aware datetime (the server's issue time)."""
    return parse_datetime_stamp(str(credential.get("validFrom", "")))
