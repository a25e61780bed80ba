"""Profile events pulled from other PCs may carry any JSON: a field of the wrong type must not
break the sync (an unbindable value would fail every pull of that page forever) or sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnbox.core.events import Event, EventType
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.core.pin import verify_pin
from learnbox.storage import Store

OTHER_DEVICE = "01900000-0000-7000-8000-00000000beef"


@pytest.mark.parametrize("bad", [{"x": 1}, [1, 2], 1234, True])
def test_wrong_typed_pin_hash_and_avatar_are_ignored(tmp_path: Path, bad: object) -> None:
    store = Store.open(tmp_path / "lb.db")
    learner = new_id()
    event = Event(
        new_id(),
        learner,
        OTHER_DEVICE,
        1,
        HLC(1_795_000_000_000, 0, "beef").encode(),
        1_795_000_000_000,
        EventType.PROFILE_CREATED.value,
        {"display_name": "Lan", "locale": "vi", "pin_hash": bad, "avatar": bad},
    )
    assert store.ingest([event], {event.event_id: 1}) == 1
    row = store.learner(learner)
    assert row is not None and row.display_name == "Lan"
    assert row.pin_hash is None and not row.has_pin and row.avatar is None
    store.close()


def test_verify_pin_refuses_a_stored_value_that_is_not_text() -> None:
    assert not verify_pin("2580", 1234)  # type: ignore[arg-type]
