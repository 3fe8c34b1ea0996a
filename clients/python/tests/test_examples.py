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
