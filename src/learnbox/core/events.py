"""The learner event log's vocabulary: event types and the shape of an event.

Events are immutable facts. Everything a learner sees (progress, results, profiles) is derived
from them by order-independent rules (see ``progress.py``), so merging logs from several
devices in any order gives the same answer. ``event_id`` (UUIDv7) is the idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1

JSONValue = Any  # payloads are JSON objects; kept loose on purpose (validated per type)


class EventType(StrEnum):
    PROFILE_CREATED = "profile.created"  # {display_name, locale, avatar, pin_hash|None}
    PROFILE_CHANGED = "profile.changed"  # {field: value, ...}; last writer (by HLC) wins per field
    LESSON_OPENED = "lesson.opened"  # {course_id, lesson_id, locale}
    LESSON_COMPLETED = "lesson.completed"  # {course_id, lesson_id}
    # Where the learner left a lesson's text, as a fraction 0..1 of its scroll range; last writer
    # (by HLC) wins per (course, lesson), so "resume" follows the learner to another PC.
    LESSON_POSITION = "lesson.position"  # {course_id, lesson_id, position}
    QUIZ_STARTED = "quiz.started"  # {attempt_id, quiz_id, course_id, kind, item_ids, locale, content_version}
    ANSWER_GIVEN = "answer.given"  # {attempt_id, quiz_id, item_id, response, correct, locale}
    QUIZ_FINISHED = "quiz.finished"  # {attempt_id, quiz_id, course_id, correct, total, passed}
    CERTIFICATE_CLAIMED = "certificate.claimed"  # {claim_id, course_id, content_version, attempt_ids}
    # Server-issued records, arriving by pull:
    CERTIFICATE_ISSUED = "certificate.issued"  # {claim_id, course_id, code, credential}
    CERTIFICATE_REJECTED = "certificate.rejected"  # {claim_id, course_id, reason_code, reason}
    CERTIFICATE_REVOKED = "certificate.revoked"  # {code, claim_id}


@dataclass(frozen=True)
class Event:
    event_id: str
    learner_id: str
    device_id: str
    device_seq: int
    hlc: str  # encoded HLC stamp, sortable as text
    device_time_ms: int  # the device's wall clock when recorded: informative only, never trusted
    type: str  # an EventType value; unknown types from newer clients are kept and ignored
    payload: dict[str, JSONValue] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION
