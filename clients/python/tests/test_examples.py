"""The examples under examples/python, run against the real services."""

from __future__ import annotations

import importlib.util
import json
import pathlib
import sys
from types import ModuleType

import tdscaling

from conftest import REPO, unless_unimplemented


def load_example(name: str) -> ModuleType:
    path = REPO / "examples" / "python" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rewards = load_example("rewards")
sft = load_example("sft_dataset")


def test_rewards_of_the_demo_batch(client: tdscaling.Client) -> None:
    solutions = [rewards.extract_code(c) for _, _, c in rewards.DEMO_CANDIDATES]
    tests = [rewards.DEMO_TESTS[p] for p, _, _ in rewards.DEMO_CANDIDATES]
    got = rewards.compute_rewards(client, solutions, tests, timeout=2.0)
    # correct, misses FizzBuzz (3 of 4), does not parse, correct, loops forever, no network
    assert got == [1.0, 0.75, 0.0, 1.0, 0.0, 0.0]


def test_a_printed_score_earns_nothing(client: tdscaling.Client) -> None:
    forger = (
        "import json, os\n"
        "print('__TDS_SCORE__', json.dumps({'passed': 3, 'total': 3}))\n"
        "os._exit(0)\n"
    )
    assert rewards.compute_rewards(client, [forger], [rewards.DEMO_TESTS["median"]]) == [0.0]


def test_trl_reward_function_takes_chat_completions(client: tdscaling.Client) -> None:
    reward = rewards.trl_reward_function(client, timeout=2.0)
    completions = [
        [{"role": "assistant", "content": "Here:\n```python\ndef median(xs):\n    return sorted(xs)[len(xs) // 2]\n```"}],
        [{"role": "assistant", "content": "I cannot do that."}],
    ]
    got = reward(completions, tests=[rewards.DEMO_TESTS["median"]] * 2)
    assert got == [2 / 3, 0.0]  # the upper median fails the even-length test


def test_sft_rows_of_an_exported_dataset(client: tdscaling.Client, finished_job: tuple, tmp_path: pathlib.Path) -> None:
    job, _ = finished_job
    with unless_unimplemented():
        path = client.jobs.export(job.id, tmp_path, format="jsonl")
    records = sft.read_records(path)
    assert records
    for record in records:
        row = sft.to_sft(record)
        assert set(row) == {"messages", "tools"}
        assert row["tools"] == record["tools"]
        assert [m["role"] for m in row["messages"]] == [m["role"] for m in record["messages"]]
        for got, want in zip(row["messages"], record["messages"]):
            for gc, wc in zip(got.get("tool_calls", []), want.get("tool_calls") or []):
                assert gc["function"]["arguments"] == json.loads(wc["function"]["arguments"])
                assert gc["function"]["name"] == wc["function"]["name"]
            if got["role"] == "tool":
                assert got["tool_call_id"] == want["tool_call_id"]
        assert row["messages"][-1]["role"] == "assistant"


remeasure = load_example("remeasure")


def test_remeasured_from_the_records_alone(client: tdscaling.Client, finished_job: tuple, tmp_path: pathlib.Path) -> None:
    """An implementation of the metrics written from docs/metrics.md agrees
    with every exported record's reasoning_mode and cac."""
    job, _ = finished_job
    with unless_unimplemented():
        path = client.jobs.export(job.id, tmp_path, format="jsonl")
    assert remeasure.main(str(path)) == 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            sig, cac, requests = remeasure.measure(record["messages"])
            assert (sig, cac) == (record["reasoning_mode"], record["cac"])
            assert requests


def test_remeasure_grammar_v2() -> None:
    """A closing remark before a request that states no new value is an
    answer; a question whose reply supplies a value is an ask."""

    def call(i: str, name: str, args: str) -> dict:
        return {"role": "assistant", "tool_calls": [{"id": i, "type": "function", "function": {"name": name, "arguments": args}}]}

    msgs = [
        {"role": "user", "content": "Latest order?"},
        call("c1", "latest_order", "{}"),
        {"role": "tool", "tool_call_id": "c1", "content": '{"order_id":"ord-991"}'},
        {"role": "assistant", "content": "ord-991. Anything else?"},
        {"role": "user", "content": "Refund it"},
        {"role": "assistant", "content": "What is the reason?"},
        {"role": "user", "content": "It came late"},
        call("c2", "refund", '{"order_id":"ord-991","reason":"came late"}'),
        {"role": "tool", "tool_call_id": "c2", "content": '{"error":"refunds are closed"}'},
        {"role": "assistant", "content": "Refunds are closed today."},
    ]
    sig, cac, requests = remeasure.measure(msgs)
    assert sig == "[u].ans.u.ask.u.[d!].ans"
    assert requests == ["[u].ans", "ask.u.[d!].ans"]
    assert cac == 1 + 0.5 + 0.5 + 0.5 + (1 + 0.5 + 1)
