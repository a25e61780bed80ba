"""Shared fixtures for certificate tests: the W3C/1EdTech spec data and a sample issuer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from learnbox.certs.credential import (
    AchievementInfo,
    CredentialInput,
    IssuerProfile,
    StatusEntry,
    hashed_identity,
)
from learnbox.certs.keys import SigningKey, generate_private_key

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS = REPO_ROOT.parent / "shared" / "specs"

ISSUER_ID = "https://certs.learnbox.test/issuer"


@pytest.fixture(scope="session")
def specs() -> Path:
    if not SPECS.is_dir():
        pytest.skip(f"spec data not found at {SPECS}")
    return SPECS


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey.for_controller(generate_private_key(), ISSUER_ID)


@pytest.fixture()
def credential_input() -> CredentialInput:
    return CredentialInput(
        credential_id="urn:uuid:0b6a8b8e-4a57-4b8e-9a55-2b0f6c1d2e3f",
        code="7KQM-X4TB",
        verification_url="https://certs.learnbox.test/v/7KQM-X4TB",
        issuer=IssuerProfile(id=ISSUER_ID, name="Trung tâm LearnBox Hà Nội", url="https://learnbox.test"),
        achievement=AchievementInfo(
            id="https://certs.learnbox.test/achievements/using-a-computer",
            name="Dùng máy tính",
            description="Bật máy, dùng chuột và bàn phím, lưu tệp vào USB.",
            criteria="Đạt ít nhất 80% bài kiểm tra cuối khoá.",
            language="vi",
            digcomp=("1.3", "5.1"),
            version="2026.11.22-abc123",
        ),
        recipient=(
            hashed_identity("systemId", "0190f5c2-1111-7222-8333-444455556666", salt="s1"),
            hashed_identity("name", "Nguyễn Thị Lan", salt="s2"),
        ),
        valid_from=datetime(2026, 11, 22, 8, 30, 5, tzinfo=UTC),
        status=StatusEntry("https://certs.learnbox.test/status/1", 42),
    )
