"""End to end: a real server process, two real client stores, learners on both, roaming."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from learnbox.core.events import Event
from learnbox.core.progress import derive
from learnbox.services.sync_service import SyncService
from learnbox.storage import Store
from learnbox.sync import state
from learnbox.sync.errors import RoamingFailed
from tests.sync.harness import ServerProc, make_codes, server_events
from tests.sync.workload import PIN, comparable, create_learner, engine, new_device, progress_of, study


def _check_converged(db_url: str, stores: dict[str, Store], learners: dict[str, str]) -> None:
    """Every event once on the server; every device's derived progress equals the server's."""
    on_server = [e for e in server_events(db_url) if isinstance(e, Event)]
    ids = [e.event_id for e in on_server]
    assert len(ids) == len(set(ids))
    for store in stores.values():
        own = store.own_events_after(0, 10**9)
        assert {e.event_id for e in own} <= set(ids)
        assert store.pending_count() == 0
    for learner_id, home in learners.items():
        server_lp = derive(learner_id, [e for e in on_server if e.learner_id == learner_id])
        for name, store in stores.items():
            if name == home or store.events_for_learner(learner_id):
                assert comparable(progress_of(store, learner_id)) == comparable(server_lp), (name, learner_id)


def test_two_devices_and_roaming(server: ServerProc, tmp_path: Path) -> None:
    code_a, code_b = make_codes(server.db_url, "Centre A", 1) + make_codes(server.db_url, "Centre B", 1)
    a = new_device(tmp_path, "a", server.url, code_a)
    b = new_device(tmp_path, "b", server.url, code_b)
    rng = random.Random(1)
    lan = create_learner(a, "Nguyễn Thị Lan")
    minh = create_learner(b, "Trần Văn Minh")
    study(a, lan, rng, 120)
    study(b, minh, rng, 80)
    r1 = engine(a).run()
    r2 = engine(b).run()
    assert (r1.pushed, r2.pushed) == (121, 81)
    assert r1.pulled == 0 and r2.pulled == 0  # each hosts only its own learner so far

    # Lan moves to centre B: code + PIN on B brings her history.
    from learnbox.core.ids import learner_code

    service_b = SyncService(b)
    with pytest.raises(RoamingFailed):
        service_b.roam(learner_code(lan), "0000")
    assert service_b.roam(learner_code(lan).lower().replace("-", " "), PIN) == lan
    assert comparable(progress_of(b, lan)) == comparable(progress_of(a, lan))
    assert b.learner(lan) is not None and b.learner(lan).display_name == "Nguyễn Thị Lan"  # type: ignore[union-attr]

    # She carries on at B, and (later) once more at A: both devices converge.
    study(b, lan, rng, 40)
    study(a, lan, rng, 10)
    for _ in range(2):
        engine(b).run()
        engine(a).run()
    _check_converged(server.db_url, {"a": a, "b": b}, {lan: "a", minh: "b"})
    assert len(progress_of(a, lan).event_ids) == 1 + 120 + 40 + 10
    st = service_b.status()
    assert st.enrolled and st.pending_events == 0 and st.last_error is None and st.last_success_ms
    assert st.centre_name == "Centre B" and st.clock_skew_ms is not None


def test_device_cannot_write_for_unhosted_learner(server: ServerProc, tmp_path: Path) -> None:
    code_a, code_b = make_codes(server.db_url, "Centre A", 2)
    a = new_device(tmp_path, "a", server.url, code_a)
    b = new_device(tmp_path, "b", server.url, code_b)
    lan = create_learner(a, "Lan")
    engine(a).run()
    b.append(lan, "lesson.opened", {"course_id": "c", "lesson_id": "l"})  # never roamed here
    from learnbox.sync.errors import Rejected

    with pytest.raises(Rejected) as info:
        engine(b).run()
    assert info.value.code == "learner_not_hosted"
    assert "Centre A" in b.get_setting(state.LAST_ERROR)


def test_revoked_device_gets_plain_message(server: ServerProc, tmp_path: Path) -> None:
    (code,) = make_codes(server.db_url, "Centre A", 1)
    a = new_device(tmp_path, "a", server.url, code)
    engine(a).run()
    from learnbox.server.cli import main as server_main

    assert server_main(["--db", server.db_url, "admin", "device", "revoke", a.device_id]) == 0
    from learnbox.sync.errors import Revoked

    with pytest.raises(Revoked) as info:
        SyncService(a).sync_now()
    assert "no longer enrolled" in str(info.value)
    assert SyncService(a).status().last_error == str(info.value)


def test_enrolment_code_single_use(server: ServerProc, tmp_path: Path) -> None:
    (code,) = make_codes(server.db_url, "Centre A", 1)
    new_device(tmp_path, "a", server.url, code)
    from learnbox.sync.errors import EnrolmentFailed

    with pytest.raises(EnrolmentFailed, match="already been used"):
        new_device(tmp_path, "b", server.url, code)
    with pytest.raises(EnrolmentFailed, match="not known"):
        new_device(tmp_path, "c", server.url, "AAAA-BBBB-CCCC")


def test_roaming_without_a_pin_is_refused_in_plain_words(server: ServerProc, tmp_path: Path) -> None:
    from learnbox.core.ids import learner_code
    from learnbox.sync.errors import SyncError

    code_a, code_b = make_codes(server.db_url, "Centre A", 2)
    a = new_device(tmp_path, "a", server.url, code_a)
    b = new_device(tmp_path, "b", server.url, code_b)
    hoa = create_learner(a, "Hoa", pin=False)
    study(a, hoa, random.Random(3), 5)
    engine(a).run()
    with pytest.raises(SyncError) as info:
        SyncService(b).roam(learner_code(hoa), "")
    assert isinstance(info.value, RoamingFailed) and info.value.detail == "pin_required"
    assert "Set a PIN on your own computer first" in str(info.value)
    assert b.learner(hoa) is None and not b.events_for_learner(hoa)
