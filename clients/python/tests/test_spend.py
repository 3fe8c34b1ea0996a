"""A job's spend against an OpenAI-compatible server of the test's own: the
Python Progress carries the usage live and at the end, by role, and it is
what the server counted; a token budget stops the job, which says why."""

from __future__ import annotations

import http.server
import json
import pathlib
import threading
import time
from typing import Iterator, Tuple

import pytest

import tdscaling
from tdscaling import JobState
from tdscaling.job.v1 import job_pb2
from tdscaling.llm.v1 import llm_pb2

from conftest import run_to_end, unless_unimplemented


class _Refusing(http.server.BaseHTTPRequestHandler):
    """Answers every chat completion with a refusal in prose (10 prompt + 5
    completion tokens) after 50 ms, as a model takes time (an instant server
    lets the whole job end before its first progress update), and counts
    what it served."""

    served = 0
    lock = threading.Lock()

    def do_GET(self) -> None:  # /v1/models: the server is up
        self._send({"object": "list", "data": [{"id": "bad", "object": "model"}]})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(0.05)
        with _Refusing.lock:
            _Refusing.served += 1
        self._send({"id": "c", "object": "chat.completion", "model": "bad",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": "I am sorry, I cannot help with that."}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})

    def _send(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def refusing_model() -> Iterator[Tuple[str, type]]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    _Refusing.served = 0
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/v1", _Refusing
    finally:
        srv.shutdown()
        srv.server_close()


def test_usage_is_what_the_model_served(client: tdscaling.Client, corpus: pathlib.Path, refusing_model: Tuple[str, type]) -> None:
    url, server = refusing_model
    spec = job_pb2.JobSpec(roles=llm_pb2.Roles(assistant=llm_pb2.Endpoint(provider="openai", base_url=url, model="bad", max_concurrency=1)))
    budget = tdscaling.Budget(max_llm_tokens=300, breaker=tdscaling.Breaker(disabled=True))
    with unless_unimplemented():
        job = client.jobs.create(corpus, 5, seed=3, spec=spec, budget=budget)
        updates = run_to_end(client, job.id)
        final = client.jobs.get(job.id)
    assert final.state is JobState.STOPPED and final.stop is not None and final.stop.kind == "STOP_KIND_MAX_LLM_TOKENS"
    assert final.dataset_written and final.partial
    usage = final.progress.usage
    assert usage.llm_calls == server.served > 0
    assert (usage.prompt_tokens, usage.completion_tokens) == (10 * server.served, 5 * server.served)
    assert 300 <= usage.prompt_tokens + usage.completion_tokens < 300 + 15, "stops at the budget, within one call"
    assert usage.by_role["assistant"].llm_calls == server.served
    # The usage was there while the job ran, not only at its end.
    live = [u.progress.usage.llm_calls for u in updates if u.state is JobState.RUNNING]
    assert any(0 < n for n in live), live
