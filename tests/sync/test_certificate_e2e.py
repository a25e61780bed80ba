"""The whole certificate path with a real server process and the real client services.

A learner passes a bundled course on a PC, syncs, and gets an Open Badges credential that the PC
verifies offline against the issuer key it pinned; a learner whose device claims a pass that the
raw answers do not support is rejected with a reason.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from learnbox.core.events import EventType
from learnbox.core.ids import new_id
from learnbox.core.model import Item, ItemKind, course_test_quiz_id
from learnbox.services import LearnBox
from learnbox.services.certificates import CertificateService
from learnbox.services.courses import CertificateStatus
from learnbox.sync.issuer import ISSUER_KEYS_SETTING

from .harness import REPO, ServerProc, free_port, make_codes, start_server

COURSE = "using-a-computer"


def key_response(item: Item) -> object:
    if item.kind is ItemKind.FILL_IN:
        return item.accepted[0]
    return list(item.key) if isinstance(item.key, tuple) else item.key


@pytest.fixture
def issuing_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerProc]:
    port = free_port()
    monkeypatch.setenv("LEARNBOX_PUBLIC_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("LEARNBOX_KEY_DIR", str(tmp_path / "keys"))
    db_url = f"sqlite:///{tmp_path / 'server.db'}"
    subprocess.run(
        [sys.executable, "-m", "learnbox.server.cli", "--db", db_url, "admin", "keys", "generate"],
        check=True, cwd=REPO, capture_output=True,
    )  # fmt: skip
    server = start_server(db_url, tmp_path, port=port)
    yield server
    server.kill()


def test_true_pass_is_issued_and_verifies_offline_and_a_fake_pass_is_rejected(
    issuing_server: ServerProc, tmp_path: Path
) -> None:
    [code] = make_codes(issuing_server.db_url, "Trung tâm A")
    lb = LearnBox.open(tmp_path / "pc", None)
    try:
        lb.sync.enrol(issuing_server.url, code)
        assert lb.store.get_setting(ISSUER_KEYS_SETTING), "enrolment pins the issuer's key"

        honest = lb.learners.create("Nguyễn Thị Lan", "2468", "vi").learner_id
        course = lb.courses.course(COURSE, "vi")
        for ref in course.lessons:
            lb.lessons.open(honest, COURSE, ref.id, "vi")
            check = lb.quizzes.start_check(honest, COURSE, ref.id, "vi")
            for item in check.items:
                lb.quizzes.answer(check, item.id, key_response(item))
            assert lb.quizzes.finish(check).lesson_completed
        test = lb.quizzes.start_test(honest, COURSE, "vi")
        for item in test.items:
            lb.quizzes.answer(test, item.id, key_response(item))
        assert lb.quizzes.finish(test).claimed_certificate

        # A tampered device: every answer wrong, but it says "correct" and "passed".
        cheat = lb.learners.create("Trần Văn Gian", "1357", "vi").learner_id
        for ref in course.lessons:
            lb.store.append(cheat, EventType.LESSON_COMPLETED, {"course_id": COURSE, "lesson_id": ref.id})
        pool = lb.catalog.test_quiz(COURSE, "vi")
        drawn = list(pool.items[: pool.draw])
        attempt = new_id()
        lb.store.append(cheat, EventType.QUIZ_STARTED, {
            "attempt_id": attempt, "quiz_id": course_test_quiz_id(COURSE), "course_id": COURSE, "kind": "test",
            "item_ids": [i.id for i in drawn], "locale": "vi", "content_version": lb.catalog.content_version,
        })  # fmt: skip
        for item in drawn:
            lb.store.append(cheat, EventType.ANSWER_GIVEN, {
                "attempt_id": attempt, "quiz_id": course_test_quiz_id(COURSE), "item_id": item.id,
                "response": "not-an-answer", "correct": True, "locale": "vi",
            })  # fmt: skip
        lb.store.append(cheat, EventType.QUIZ_FINISHED, {
            "attempt_id": attempt, "quiz_id": course_test_quiz_id(COURSE), "course_id": COURSE,
            "correct": len(drawn), "total": len(drawn), "passed": True,
        })  # fmt: skip
        lb.store.append(cheat, EventType.CERTIFICATE_CLAIMED, {
            "claim_id": new_id(), "course_id": COURSE, "content_version": lb.catalog.content_version,
            "attempt_ids": [attempt],
        })  # fmt: skip

        lb.sync.sync_now()
        lb.sync.sync_now()  # idempotent: a second sync changes nothing

        certificates = CertificateService(lb.store, lb.catalog)
        [mine] = certificates.for_learner(honest, "vi")
        assert mine.status is CertificateStatus.ISSUED
        assert mine.verified, mine.problem
        assert mine.code and mine.verification_url.endswith(f"/v/{mine.code}")

        cheat_state = lb.courses.detail(cheat, COURSE, "vi").certificate
        assert cheat_state is not None and cheat_state.status is CertificateStatus.REJECTED
        assert cheat_state.reason
    finally:
        lb.close()
