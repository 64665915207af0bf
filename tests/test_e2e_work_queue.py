"""The journeys' shared queue (e2e/work_queue.py): two runs of `make test` never take the same test file, and
together they take every file, heaviest first."""

from __future__ import annotations

from dataclasses import dataclass

from e2e.work_queue import heaviest_first, taken_items


@dataclass
class FakeItem:
    nodeid: str


def _items() -> list[FakeItem]:
    return [
        FakeItem("e2e/test_small.py::test_one"),
        FakeItem("e2e/test_big_journey.py::test_one"),
        FakeItem("e2e/test_big_journey.py::test_two"),
        FakeItem("e2e/test_pages.py::test_a"),
        FakeItem("e2e/test_pages.py::test_b"),
        FakeItem("e2e/test_pages.py::test_c"),
    ]


def test_files_are_taken_heaviest_first_in_the_same_order_for_every_run() -> None:
    assert [path for path, _ in heaviest_first(_items())] == [
        "e2e/test_big_journey.py",
        "e2e/test_pages.py",
        "e2e/test_small.py",
    ]


def test_two_runs_taking_in_turns_share_the_files_without_overlap_and_miss_none(tmp_path) -> None:
    first, second = taken_items(tmp_path, _items()), taken_items(tmp_path, _items())
    taken: dict[str, list[str]] = {"first": [], "second": []}
    for name, run in [("first", first), ("second", second), ("first", first), ("second", second)] * 3:
        item = next(run, None)
        if item is not None:
            taken[name].append(item.nodeid)
    # The first run is done with its file while the second is still busy with the second: it takes the third.
    assert taken["first"] == [
        "e2e/test_big_journey.py::test_one",
        "e2e/test_big_journey.py::test_two",
        "e2e/test_small.py::test_one",
    ]
    assert taken["second"] == ["e2e/test_pages.py::test_a", "e2e/test_pages.py::test_b", "e2e/test_pages.py::test_c"]
    assert sorted(taken["first"] + taken["second"]) == sorted(item.nodeid for item in _items())


def test_a_file_is_taken_only_when_its_first_test_is_asked_for(tmp_path) -> None:
    run = taken_items(tmp_path, _items())
    next(run)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e2e__test_big_journey.py"]
