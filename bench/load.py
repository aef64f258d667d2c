"""Load: concurrent `gradio_client` sessions on one server, a realistic mix, for a fixed time (issue 11, point 5).

The whole app is served on loopback with the real embedded models, in a scratch workspace. Each session
creates its own character from the bundled wiki, extracts its statements, then loops until the time is up:
open its character (light), edit one of its statements with a marker of its own and read the table back
(light), poll the Train tab (light), score three replies with /score (heavy), and every fourth round chat
one turn (heavy: the embedded generator). Each session checks it only ever sees its own edits and its own
character. Prints the figures for docs/reliability.md: requests, failures, cross-session leaks, and p50/p95
latency of light and heavy events.

    python bench/load.py [--sessions 8] [--seconds 120]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATEMENTS = ["Tobias Wren keeps the lighthouse on Skerry Rock.", "Tobias Wren has a collie named Bran."]
REPLIES = ["I keep the light on Skerry Rock, with Bran beside me.", "I live in a flat in Glasgow and have no dog.",
           "The weather is fine today."]


class Session(threading.Thread):
    def __init__(self, url: str, index: int, until: float, wiki: str, latencies: dict, problems: list):
        super().__init__(daemon=True)
        self.url, self.index, self.until, self.wiki = url, index, until, wiki
        self.name_ = f"Load Keeper {index}"
        self.latencies, self.problems = latencies, problems
        self.requests = 0

    def call(self, kind: str, client, *args, api_name: str):
        started = time.perf_counter()
        self.requests += 1
        try:
            return client.predict(*args, api_name=api_name)
        except Exception as exc:  # a failed request is the figure this benchmark reports, never hidden
            self.problems.append(f"session {self.index} {api_name}: {type(exc).__name__}: {str(exc)[:160]}")
            return None
        finally:
            self.latencies[kind].append(time.perf_counter() - started)

    def run(self) -> None:
        from gradio_client import Client

        client = Client(self.url, verbose=False)
        self.call("heavy", client, self.name_, None, self.wiki.replace("Tobias Wren", self.name_), api_name="/character_create")
        table = self.call("heavy", client, api_name="/statements_extract")
        headers = table[0]["headers"] if table else []
        rows = table[0]["data"] if table else []
        column = headers.index("statement") if "statement" in headers else 0
        round_no = 0
        while time.time() < self.until:
            round_no += 1
            self.call("light", client, api_name="/character_list")
            self.call("light", client, self.name_, api_name="/character_open")
            if rows:
                marker = f"(edit {self.index}-{round_no})"
                edited = [list(r) for r in rows]
                edited[0][column] = f"{self.name_} keeps the lighthouse {marker}."
                saved = self.call("light", client, {"headers": headers, "data": edited, "metadata": None},
                                  api_name="/statements_save")
                shown = self.call("light", client, api_name="/show_statements")
                texts = " ".join(str(c) for row in (shown[0]["data"] if shown else []) for c in row)
                if saved and marker not in texts:
                    self.problems.append(f"session {self.index}: its own edit {marker} is not shown")
                if any(f"Load Keeper {other} " in texts or f"(edit {other}-" in texts
                       for other in range(64) if other != self.index):
                    self.problems.append(f"LEAK: session {self.index} sees another session's statements")
                rows = edited
            self.call("light", client, {}, api_name="/train_poll")
            self.call("heavy", client, self.name_, STATEMENTS, "Where do you live?", REPLIES, api_name="/score")
            if round_no % 4 == 1:
                history = self.call("light", client, "Where do you live?", [], api_name="/chat_add_message")
                if history:
                    self.call("heavy", client, history[1], "base", "rag", False, api_name="/chat_reply")


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()

    from app import CSS, build_app
    from core.engine import Engine, EngineConfig
    from tests.conftest import free_port

    workspace = tempfile.mkdtemp(prefix="apc-load-")
    engine = Engine(EngineConfig(workspace=workspace))
    demo = build_app(engine)
    demo.queue(default_concurrency_limit=4).launch(server_name="127.0.0.1", server_port=free_port(),
                                                   prevent_thread_lock=True, css=CSS, quiet=True)
    wiki = (ROOT / "wiki" / "tobias-wren.txt").read_text(encoding="utf-8")
    latencies: dict[str, list[float]] = defaultdict(list)
    problems: list[str] = []
    started = time.time()
    sessions = [Session(demo.local_url, i, started + args.seconds, wiki, latencies, problems) for i in range(args.sessions)]
    for s in sessions:
        s.start()
    for s in sessions:
        s.join(timeout=args.seconds + 600)
    elapsed = time.time() - started
    demo.close()
    failed = [p for p in problems if not p.startswith("LEAK")]
    leaks = [p for p in problems if p.startswith("LEAK")]
    print(f"{args.sessions} sessions, {elapsed:.0f} s, {sum(s.requests for s in sessions)} requests")
    print("| events | requests | p50 (s) | p95 (s) |\n|---|---|---|---|")
    for kind in ("light", "heavy"):
        values = latencies[kind]
        print(f"| {kind} | {len(values)} | {percentile(values, 50):.2f} | {percentile(values, 95):.2f} |")
    print(f"failed requests: {len(failed)}; cross-session leaks: {len(leaks)}")
    for line in problems[:20]:
        print("  ", line)


if __name__ == "__main__":
    main()
