"""The verifier printed in src/learnbox/certs/README.md works, and uses nothing of LearnBox.

It is written from the W3C specifications only (vc-di-eddsa §3.3, Bitstring Status List §3),
so this is the independent check that a third party can verify our credentials.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from learnbox.certs import data_integrity as di
from learnbox.certs.credential import CredentialInput, issue_credential
from learnbox.certs.keys import SigningKey
from learnbox.certs.status_list import Bitstring, build_status_list_credential

README = Path(__file__).resolve().parents[2] / "src" / "learnbox" / "certs" / "README.md"


@pytest.fixture(scope="module")
def readme_verifier() -> dict[str, Any]:
    text = README.read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert "learnbox" not in code, "the published verifier must not depend on LearnBox"
    namespace: dict[str, Any] = {}
    exec(compile(code, str(README), "exec"), namespace)
    return namespace


def test_readme_verifier_accepts_ours_and_rejects_tampering(
    readme_verifier: dict[str, Any], credential_input: CredentialInput, signing_key: SigningKey
) -> None:
    credential = issue_credential(credential_input, signing_key)
    keys = {signing_key.verification_method: signing_key.public_multikey}
    assert readme_verifier["verify_proof"](credential, keys) is True
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Kỹ sư phần mềm"
    with pytest.raises(Exception):  # noqa: B017  (the README verifier raises cryptography's InvalidSignature)
        readme_verifier["verify_proof"](tampered, keys)


def test_readme_verifier_reads_revocation(
    readme_verifier: dict[str, Any], credential_input: CredentialInput, signing_key: SigningKey
) -> None:
    credential = issue_credential(credential_input, signing_key)
    keys = {signing_key.verification_method: signing_key.public_multikey}
    when = datetime(2026, 11, 30, tzinfo=UTC)
    issuer = credential["issuer"]["id"]
    url = credential["credentialStatus"]["statusListCredential"]
    for revoked in (False, True):
        bits = Bitstring()
        bits.set(int(credential["credentialStatus"]["statusListIndex"]), revoked)
        status = di.sign(build_status_list_credential(url, issuer, bits, when), signing_key, when)
        assert readme_verifier["is_revoked"](credential, status, keys) is revoked


def test_readme_verifier_accepts_the_w3c_vector(readme_verifier: dict[str, Any], specs: Path) -> None:
    import json

    signed = json.loads((specs / "test-vectors/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json").read_text())
    vm = signed["proof"]["verificationMethod"]
    assert readme_verifier["verify_proof"](signed, {vm: vm.split("#")[1]}) is True
