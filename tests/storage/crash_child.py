"""Child process for the crash test: answers questions forever, reporting each once it is stored."""

from __future__ import annotations

import sys
from pathlib import Path

from learnbox.core.events import EventType
from learnbox.storage import Store

store = Store.open(Path(sys.argv[1]))
round_no = sys.argv[2]
print("ready", flush=True)
for i in range(1_000_000):
    ev = store.append(
        "learner",
        EventType.ANSWER_GIVEN,
        {
            "attempt_id": f"r{round_no}",
            "quiz_id": "c/test",
            "item_id": f"q{i}",
            "response": "a",
            "correct": True,
        },
    )
    # Reported only after append() returned, i.e. after the commit.
    print(ev.event_id, flush=True)
