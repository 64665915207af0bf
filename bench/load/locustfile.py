"""Simulated OnsPlan users for locust: reading plans, reading and sending messages, answering appointments.

Started by bench/load/run.py, which logs every demo person in once through the real forms and hands their cookies,
CSRF tokens and the ids they may see to this file in a JSON file (`LOAD_PERSONAS`). Each simulated user is one of
those people, in turn; about 15% of the requests write (a message, an answer to an appointment). When locust quits
(after the last request in flight has ended) the figures per request kind and every accepted message's key go to
`LOAD_RESULT` as JSON, so the runner can report them and check that each message is stored exactly once.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, events, task

PERSONAS: list[dict] = json.loads(Path(os.environ["LOAD_PERSONAS"]).read_text())
THINK = float(os.environ.get("LOAD_THINK", "0"))  # mean seconds between one person's requests
ANSWERS = ("bevestigd", "afgewezen")
_next_persona = itertools.cycle(range(len(PERSONAS)))
accepted: list[str] = []  # client keys of the messages the server accepted (302)


class Person(HttpUser):
    """One person on a phone: mostly reading, sometimes writing. Task weights: 85 reads to 15 writes."""

    wait_time = between(THINK / 2, THINK * 1.5) if THINK else constant(0)

    def on_start(self) -> None:
        self.me = PERSONAS[next(_next_persona)]
        for name, value in self.me["cookies"].items():
            self.client.cookies.set(name, value)

    # --- reading (85) ---------------------------------------------------------------------------------------
    @task(30)
    def plan(self) -> None:
        if not self.me["plans"]:
            return self.home()
        self.client.get(f"/gezinnen/{random.choice(self.me['plans'])}/plan", name="plan")  # noqa: S311
        return None

    @task(12)
    def home(self) -> None:
        self.client.get("/home", name="home")

    @task(10)
    def inbox(self) -> None:
        self.client.get("/berichten", name="inbox")

    @task(20)
    def thread(self) -> None:
        if not self.me["conversations"]:
            return self.home()
        self.client.get(f"/berichten/{random.choice(self.me['conversations'])}", name="thread")  # noqa: S311
        return None

    @task(8)
    def poll(self) -> None:
        if not self.me["conversations"]:
            return self.home()
        conversation = random.choice(self.me["conversations"])  # noqa: S311
        self.client.get(f"/berichten/{conversation}/nieuw?na=0", name="poll", headers={"HX-Request": "true"})
        return None

    @task(5)
    def appointment(self) -> None:
        if not self.me["appointments"]:
            return self.home()
        self.client.get(f"/afspraken/{random.choice(self.me['appointments'])}", name="appointment")  # noqa: S311
        return None

    # --- writing (15) ---------------------------------------------------------------------------------------
    @task(12)
    def send(self) -> None:
        if not self.me["writable"]:
            return self.home()
        key = uuid.uuid4().hex
        form = {"body": f"load {key}", "client_key": key, "csrf_token": self.me["csrf"]}
        conversation = random.choice(self.me["writable"])  # noqa: S311
        with self.client.post(
            f"/berichten/{conversation}", data=form, name="send", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code == 302:
                accepted.append(key)
                answer.success()
            else:
                answer.failure(f"HTTP {answer.status_code}")
        return None

    @task(3)
    def answer(self) -> None:
        if not self.me["answerable"]:
            return self.home()
        form = {"answer": random.choice(ANSWERS), "csrf_token": self.me["csrf"]}  # noqa: S311
        appointment = random.choice(self.me["answerable"])  # noqa: S311
        with self.client.post(
            f"/afspraken/{appointment}/antwoord", data=form, name="answer", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code == 302:
                answer.success()
            else:
                answer.failure(f"HTTP {answer.status_code}")
        return None


def _figures(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "errors": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.5) or 0,
        "p99_ms": entry.get_response_time_percentile(0.99) or 0,
    }


@events.quitting.add_listener
def _write_result(environment, **_kwargs) -> None:
    stats = environment.stats
    result = {
        "kinds": {name: _figures(entry) for (name, _method), entry in stats.entries.items()},
        "failures": [(e.name, str(e.error), e.occurrences) for e in stats.errors.values()],
        "accepted": accepted,
    }
    result["kinds"]["Aggregated"] = _figures(stats.total)
    Path(os.environ["LOAD_RESULT"]).write_text(json.dumps(result))
