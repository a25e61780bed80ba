"""The public verification page ``/v/<code>``: HTML in Vietnamese or English, and its JSON twin.

Plain server-rendered HTML with inline CSS and no scripts, so it loads on any phone an employer
has. Every text goes through the gettext catalog in the page's language (``translate_in``); every
value from the database is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from babel.dates import format_date

from learnbox.i18n import N_, translate_in

PAGE_LANGUAGES = ("vi", "en")
#: Dates are shown in Viet Nam time (UTC+7, no daylight saving), where the certificates are used.
DISPLAY_TZ = timezone(timedelta(hours=7))


class LookupStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    INVALID = "invalid"  # stored credential fails its own signature check: never expected


@dataclass(frozen=True)
class Lookup:
    code: str
    status: LookupStatus
    credential: Mapping[str, Any] | None = None
    revoked_ms: int | None = None

    def facts(self) -> dict[str, Any]:
        cred = self.credential or {}
        issuer = cred.get("issuer") or {}
        achievement = (cred.get("credentialSubject") or {}).get("achievement") or {}
        return {
            "course": achievement.get("name", ""),
            "language": achievement.get("inLanguage", ""),
            "issued": cred.get("validFrom", ""),
            "issuer_name": issuer.get("name", ""),
            "issuer_url": issuer.get("url", ""),
            "issuer_id": issuer.get("id", ""),
            "status_list": (cred.get("credentialStatus") or {}).get("statusListCredential", ""),
        }


HEADLINES = {
    LookupStatus.VALID: N_("Valid certificate"),
    LookupStatus.REVOKED: N_("This certificate has been revoked"),
    LookupStatus.UNKNOWN: N_("No certificate has this code"),
    LookupStatus.INVALID: N_("This certificate could not be verified"),
}
EXPLANATIONS = {
    LookupStatus.VALID: N_("{issuer} issued this certificate. The learner passed the course's final test."),
    LookupStatus.REVOKED: N_("{issuer} has withdrawn this certificate. It is no longer valid."),
    LookupStatus.UNKNOWN: N_("Check that the code was typed correctly. Codes look like 7KQM-X4TB."),
    LookupStatus.INVALID: N_("Please contact the issuer."),
}
LABEL_COURSE = N_("Course")
LABEL_ISSUED = N_("Issued on")
LABEL_ISSUER = N_("Issued by")
LABEL_CODE = N_("Certificate code")
LABEL_REVOKED = N_("Revoked on")
PAGE_TITLE = N_("Certificate check")
DOWNLOAD = N_("Digital credential (Open Badges 3.0, JSON)")
CHECK_ANOTHER = N_("Check another code")
CHECK_BUTTON = N_("Check")
TOO_MANY = N_("Too many checks from your network. Please wait a minute and try again.")
BAD_CODE = N_("This is not a certificate code. Codes have 8 letters and digits, like 7KQM-X4TB.")
COLOURS = {
    LookupStatus.VALID: "#1b7f3b",
    LookupStatus.REVOKED: "#b3261e",
    LookupStatus.UNKNOWN: "#555555",
    LookupStatus.INVALID: "#b3261e",
}


def choose_language(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` wins; else the first supported language in Accept-Language (by q); else vi."""
    if query_lang and query_lang.lower()[:2] in PAGE_LANGUAGES:
        return query_lang.lower()[:2]
    ranked: list[tuple[float, int, str]] = []
    for pos, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in PAGE_LANGUAGES and q > 0:
            ranked.append((-q, pos, primary))
    return min(ranked)[2] if ranked else "vi"


def display_date(stamp: str | int | None, language: str) -> str:
    """A long date in the page language, e.g. "22 tháng 11, 2026" or "November 22, 2026"."""
    if stamp is None or stamp == "":
        return ""
    try:
        if isinstance(stamp, int):
            moment = datetime.fromtimestamp(stamp / 1000, tz=UTC)
        else:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return html.escape(str(stamp))
    return format_date(moment.astimezone(DISPLAY_TZ).date(), format="long", locale=language)


def lookup_json(lookup: Lookup) -> dict[str, Any]:
    """The machine-readable answer of ``/v/<code>.json``."""
    body: dict[str, Any] = {"code": lookup.code, "status": lookup.status.value}
    if lookup.credential is not None:
        facts = lookup.facts()
        body.update(
            {
                "course": facts["course"],
                "issuedOn": facts["issued"],
                "issuer": {
                    "id": facts["issuer_id"],
                    "name": facts["issuer_name"],
                    "url": facts["issuer_url"],
                },
                "statusListCredential": facts["status_list"],
                "credential": lookup.credential,
            }
        )
    if lookup.revoked_ms is not None:
        body["revokedOn"] = datetime.fromtimestamp(lookup.revoked_ms / 1000, tz=UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    return body


def render_page(lookup: Lookup | None, language: str, message: str = "", code_text: str = "") -> str:
    """The whole HTML page; ``lookup`` None shows only ``message`` (rate limit, bad code)."""

    def t(text: str) -> str:
        return translate_in(language, text)

    e = html.escape
    parts: list[str] = []
    if lookup is not None:
        facts = lookup.facts()
        colour = COLOURS[lookup.status]
        parts.append(f'<h1 style="color:{colour}">{e(t(HEADLINES[lookup.status]))}</h1>')
        parts.append(f"<p>{e(t(EXPLANATIONS[lookup.status]).format(issuer=facts['issuer_name'] or '-'))}</p>")
        rows = [(t(LABEL_CODE), lookup.code)]
        if lookup.credential is not None:
            rows += [
                (t(LABEL_COURSE), facts["course"]),
                (t(LABEL_ISSUED), display_date(facts["issued"], language)),
                (t(LABEL_ISSUER), facts["issuer_name"]),
            ]
        if lookup.revoked_ms is not None:
            rows.append((t(LABEL_REVOKED), display_date(lookup.revoked_ms, language)))
        parts.append(
            "<table>" + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"
        )
        if lookup.credential is not None:
            parts.append(f'<p><a href="{e(lookup.code)}.json">{e(t(DOWNLOAD))}</a></p>')
    if message:
        parts.append(f'<p class="msg">{e(t(message))}</p>')
    other = "en" if language == "vi" else "vi"
    other_name = "English" if other == "en" else "Tiếng Việt"
    parts.append(
        f'<form method="get" action="/v"><label>{e(t(CHECK_ANOTHER))} '
        f'<input name="code" value="{e(code_text)}" maxlength="20" autocomplete="off"></label>'
        f'<input type="hidden" name="lang" value="{e(language)}">'
        f"<button>{e(t(CHECK_BUTTON))}</button></form>"
        f'<p><a href="?lang={other}" lang="{other}">{other_name}</a></p>'
    )
    return (
        f'<!DOCTYPE html><html lang="{e(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{e(t(PAGE_TITLE))}</title><style>{_CSS}</style></head><body><main>"
        + "".join(parts)
        + "</main></body></html>"
    )


_CSS = (
    "body{font-family:'Noto Sans',Arial,sans-serif;margin:0;background:#f6f6f6;color:#222}"
    "main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:8px}"
    "th{text-align:left;padding:.3rem 1rem .3rem 0;color:#555;font-weight:normal}td{padding:.3rem 0}"
    "input{font-size:1.1rem;padding:.3rem;margin:0 .5rem}button{font-size:1.1rem}.msg{font-weight:bold}"
)
