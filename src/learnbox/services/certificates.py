"""A learner's certificates as they see them: status, code, date, and whether this PC trusts them.

Issued credentials arrive by sync as ``certificate.issued`` events. Before showing one as
"verified", the client checks it fully offline (:func:`learnbox.certs.verify.verify_credential`)
against the issuer keys pinned in the store's settings, and also checks that it really is *this*
learner's credential (the salted ``systemId`` hash) and that its code is the one the event names:
a valid credential copied from another learner must not show up as theirs.

Texts are kept as codes in :class:`CertificateView` and translated when read (``reason`` and
``problem_text`` use the current language), so a language switch redraws correctly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from learnbox.certs.credential import identity_matches
from learnbox.certs.reasons import reason_message
from learnbox.certs.verify import PROBLEM_MESSAGES, Problem, VerificationReport, verify_credential
from learnbox.content import ContentError
from learnbox.core.progress import LearnerProgress
from learnbox.i18n import N_, _, current_language
from learnbox.services.courses import CertificateState, CertificateStatus, CourseService, certificate_state
from learnbox.storage import Store
from learnbox.sync.issuer import ISSUER_KEYS_SETTING

if TYPE_CHECKING:
    from learnbox.content import Catalog

log = logging.getLogger(__name__)

#: Settings key of the pinned issuer public keys (a JSON list of Multikey strings, ``z6Mk...``).
#: The sync engine stores what it learns from the server here; kept in step with learnbox.sync.state.
#: Where the sync engine keeps the server address (learnbox.sync.state.SERVER_URL); the last
#: resort for the verification page address when the credential itself does not give one.
SERVER_URL_SETTING = "sync.server_url"

#: Client-side reasons a credential is not shown as verified, besides the ones of certs.verify.
NO_KEYS = "no_keys"
NOT_YOURS = "not_yours"
CODE_MISMATCH = "code_mismatch"
MISSING = "missing"

LOCAL_PROBLEM_MESSAGES: dict[str, str] = {
    NO_KEYS: N_(
        "This computer cannot check certificates yet. Connect to the certificate office (sync) once, "
        "then look again."
    ),
    NOT_YOURS: N_("This certificate was issued to another person."),
    CODE_MISMATCH: N_("This certificate has been changed after it was issued. It is not valid."),
    MISSING: N_("The certificate file has not arrived on this computer yet. Sync again."),
}


@dataclass(frozen=True)
class CertificateView:
    """One certificate (or certificate request) of one learner, ready to show or print."""

    course_id: str
    claim_id: str
    course_title: str  # in the learner's locale when the course is on this PC
    status: CertificateStatus
    learner_name: str
    code: str | None = None
    issued_at: datetime | None = None  # the credential's validFrom: server time, UTC
    verification_url: str | None = None  # the issuer's public page, <server>/v/<code>
    verified: bool = False  # the signature checks out against a pinned key, and it is this learner's
    problem: str | None = None  # a Problem value or one of the local codes above, when not verified
    problem_detail: str = ""  # English, for the log and for support staff
    reason_code: str | None = None  # for REJECTED: why the server said no
    reason_params: Mapping[str, Any] = field(default_factory=dict)
    issuer_name: str = ""
    language: str = ""  # the language the course was taken (and the credential written) in
    name_matches: bool | None = None  # the printed name matches the credential's name hash (None: no hash)
    credential: Mapping[str, Any] | None = None

    @property
    def printable(self) -> bool:
        """Only a verified, unrevoked certificate may be printed: paper is what employers trust."""
        return self.status is CertificateStatus.ISSUED and self.verified and bool(self.code)

    @property
    def reason(self) -> str:
        """Why the server did not accept the request, in the current language ("" if it did)."""
        if self.status is not CertificateStatus.REJECTED:
            return ""
        return reason_message(self.reason_code or "", self.reason_params, current_language())

    @property
    def problem_text(self) -> str:
        """Why this PC does not trust the credential, in the current language ("" when it does)."""
        if self.problem is None:
            return ""
        try:
            return _(PROBLEM_MESSAGES[Problem(self.problem)])
        except ValueError:
            return _(LOCAL_PROBLEM_MESSAGES.get(self.problem, LOCAL_PROBLEM_MESSAGES[MISSING]))


class CertificateService:
    """Builds :class:`CertificateView` lists from the local event log; no network, no Qt."""

    def __init__(self, store: Store, catalog: Catalog) -> None:
        self._store = store
        self._catalog = catalog
        self._courses = CourseService(store, catalog)

    def pinned_keys(self) -> list[str]:
        """The issuer Multikeys this PC trusts; anything malformed in the setting is ignored."""
        raw = self._store.get_setting(ISSUER_KEYS_SETTING, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list):
            log.warning("setting %s is not a list of keys; ignoring it", ISSUER_KEYS_SETTING)
            return []
        return [k.strip() for k in raw if isinstance(k, str) and k.strip()]

    def for_learner(self, learner_id: str, locale: str) -> list[CertificateView]:
        """Every course the learner asked a certificate for, in catalogue order."""
        lp = self._courses.progress_of(learner_id)
        row = self._store.learner(learner_id)
        name = row.display_name if row is not None else ""
        keys = self.pinned_keys()
        order = {cid: i for i, cid in enumerate(self._catalog.course_ids())}
        # Issued records count even when their claim has not reached this PC (an interrupted pull).
        records = [*lp.claims.values(), *lp.issued.values()]
        course_ids = sorted(
            {str(c.get("course_id")) for c in records if c.get("course_id")},
            key=lambda cid: (order.get(cid, len(order)), cid),
        )
        views = []
        for course_id in course_ids:
            view = self._view(lp, learner_id, course_id, locale, name, keys)
            if view is not None:
                views.append(view)
        return views

    def _view(
        self,
        lp: LearnerProgress,
        learner_id: str,
        course_id: str,
        locale: str,
        name: str,
        keys: list[str],
    ) -> CertificateView | None:
        state = certificate_state(lp, course_id) or _unclaimed_issue(lp, course_id)
        if state is None:
            return None
        title = self._title(course_id, locale)
        if state.status is CertificateStatus.WAITING:
            return CertificateView(course_id, state.claim_id, title or course_id, state.status, name)
        if state.status is CertificateStatus.REJECTED:
            rejected = lp.rejected.get(state.claim_id, {})
            params = rejected.get("params")
            return CertificateView(
                course_id,
                state.claim_id,
                title or course_id,
                state.status,
                name,
                reason_code=state.reason or "",
                reason_params=dict(params) if isinstance(params, Mapping) else {},
            )
        return self._issued(
            course_id, state.claim_id, state.status, state.code, state.credential, learner_id, title, name, keys
        )

    def _issued(
        self,
        course_id: str,
        claim_id: str,
        status: CertificateStatus,
        event_code: str | None,
        credential: Any,
        learner_id: str,
        title: str | None,
        name: str,
        keys: list[str],
    ) -> CertificateView:
        base = CertificateView(course_id, claim_id, title or course_id, status, name, code=event_code or None)
        if not isinstance(credential, Mapping):
            return replace(base, problem=MISSING, problem_detail="the issued record carries no credential")
        report = verify_credential(credential, keys)
        code = report.code or event_code or None
        problem, detail = _problem(report, credential, learner_id, event_code, keys)
        if problem is not None:
            log.warning("certificate %s for %s not verified: %s (%s)", code, course_id, problem, detail)
        return replace(
            base,
            course_title=title or report.course_name or course_id,
            code=code,
            issued_at=report.valid_from,
            verification_url=self._verification_url(credential, report, code),
            verified=problem is None,
            problem=problem,
            problem_detail=detail,
            issuer_name=report.issuer_name,
            language=report.language,
            name_matches=_name_matches(credential, name),
            credential=credential,
        )

    def _title(self, course_id: str, locale: str) -> str | None:
        try:
            return self._catalog.course(course_id, locale).title
        except (KeyError, ContentError) as exc:
            log.info("course %s not available for its certificate title: %s", course_id, exc)
            return None

    def _verification_url(
        self, credential: Mapping[str, Any], report: VerificationReport, code: str | None
    ) -> str | None:
        if not code:
            return None
        return verification_url(credential, report.issuer_id, code) or self._server_url(code)

    def _server_url(self, code: str) -> str | None:
        server = self._store.get_setting(SERVER_URL_SETTING)
        if isinstance(server, str) and server.startswith(("https://", "http://")):
            return f"{server.rstrip('/')}/v/{code}"
        return None


def _unclaimed_issue(lp: LearnerProgress, course_id: str) -> CertificateState | None:
    """The state of a credential issued for ``course_id`` whose claim event is not here."""
    for claim_id, issued in sorted(lp.issued.items()):
        if issued.get("course_id") == course_id:
            code = str(issued.get("code", ""))
            status = CertificateStatus.REVOKED if code in lp.revoked_codes else CertificateStatus.ISSUED
            return CertificateState(course_id, claim_id, status, code, None, issued.get("credential"))
    return None


def verification_url(credential: Mapping[str, Any], issuer_id: str, code: str) -> str | None:
    """The public page for ``code``, as the (signed) credential states it.

    The server writes "... Check it at <public_url>/v/<code>" into the description and makes the
    issuer id ``<public_url>/issuer`` (learnbox.server.certificates.settings); the description wins
    because it is the exact address the issuer chose, the issuer id is the fallback.
    """
    description = credential.get("description")
    if isinstance(description, str):
        match = re.search(rf"https?://[^\s]+/v/{re.escape(code)}(?![\w-])", description)
        if match:
            return match.group(0)
    if issuer_id.startswith(("https://", "http://")) and issuer_id.endswith("/issuer"):
        return f"{issuer_id.removesuffix('/issuer')}/v/{code}"
    return None


def _problem(
    report: VerificationReport,
    credential: Mapping[str, Any],
    learner_id: str,
    event_code: str | None,
    keys: Iterable[str],
) -> tuple[str | None, str]:
    """(problem code, English detail) of an issued credential, or (None, "") when it is trusted."""
    if not report.valid:
        if report.problem is Problem.UNTRUSTED_KEY and not list(keys):
            return NO_KEYS, "no issuer keys are pinned on this computer"
        return (report.problem or Problem.MALFORMED).value, report.detail
    if event_code and report.code != event_code:
        return CODE_MISMATCH, f"the credential states code {report.code}, the record {event_code}"
    system_ids = [i for i in _identities(credential) if i.get("identityType") == "systemId"]
    if not any(identity_matches(i, learner_id) for i in system_ids):
        return NOT_YOURS, "no systemId identity of the credential matches this learner"
    return None, ""


def _identities(credential: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    subject = credential.get("credentialSubject")
    found = subject.get("identifier") if isinstance(subject, Mapping) else None
    return [i for i in found if isinstance(i, Mapping)] if isinstance(found, list) else []


def _name_matches(credential: Mapping[str, Any], name: str) -> bool | None:
    """Whether ``name`` (printed on paper) is the name the credential was issued to."""
    names = [i for i in _identities(credential) if i.get("identityType") == "name"]
    if not names:
        return None
    return bool(name.strip()) and any(identity_matches(i, name.strip()) for i in names)
