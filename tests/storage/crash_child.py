"""Child process for the crash test: a learner answers test questions through the real services,
reporting each answer's event id only after the service call returned (i.e. after the commit)."""

from __future__ import annotations

import sys
from pathlib import Path

from learnbox.core.events import EventType
from learnbox.services import LearnBox

data_dir, content = Path(sys.argv[1]), Path(sys.argv[2])
lb = LearnBox.open(data_dir, content)
profiles = lb.learners.list_profiles()
learner = profiles[0].learner_id if profiles else lb.learners.create("Hoa", None, "vi").learner_id
print("ready", learner, flush=True)
while True:
    attempt = lb.quizzes.start_test(learner, "mini", "vi")
    for item in attempt.items:
        lb.quizzes.answer(attempt, item.id, "b")
        last = lb.store.events_for_learner(learner, types=[EventType.ANSWER_GIVEN])[-1]
        print(last.event_id, flush=True)
    lb.quizzes.finish(attempt)
