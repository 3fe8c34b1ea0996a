#!/usr/bin/env python3
"""Rewards for model-written code, computed in the TDScaling sandbox.

Each candidate solution runs with its problem's unit tests in one sandboxed
program; a whole batch goes over one ExecuteBatch stream. The reward
is the share of tests that pass (0 when the candidate crashes on import,
times out or does not parse). `trl_reward_function` adapts this to TRL's GRPOTrainer.

    python rewards.py --sandbox 127.0.0.1:7105 --token "$TDS_TOKEN"

runs a small built-in batch and prints each candidate's reward.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from typing import Any, Callable, List, Sequence

import tdscaling

# The harness runs the candidate (solution.py) in a fresh namespace, then each
# test in that namespace, and prints the score after a per-run nonce it reads
# from stdin, so a candidate that merely prints a score line earns nothing.
# The candidate still shares the interpreter with its tests: the sandbox
# protects the host, and a determined policy could still forge its score.
_HARNESS = """\
import json, sys

def run(nonce, tests):
    ns = {"__name__": "__main__"}
    exec(compile(open("solution.py").read(), "solution.py", "exec"), ns)
    passed = 0
    for t in tests:
        try:
            exec(t, ns)
            passed += 1
        except BaseException:
            pass
    print(nonce, json.dumps({"passed": passed, "total": len(tests)}))

run(sys.stdin.readline().strip(), json.loads(sys.argv[1]))
"""

_FENCE = re.compile(r"```(?:python|py)?\s*\n(.*?)```", re.DOTALL)


def extract_code(completion: Any) -> str:
    """The code of a model's answer: the last fenced block if there is one,
    else the whole text. Accepts a string or a list of chat messages."""
    if isinstance(completion, list):
        completion = "".join(m.get("content") or "" for m in completion if m.get("role") == "assistant")
    blocks = _FENCE.findall(completion)
    return blocks[-1] if blocks else completion


def build_execution(solution: str, tests: Sequence[str], nonce: str, timeout: float) -> tdscaling.Execution:
    """One sandbox run: the harness as the program, the candidate as
    solution.py, the tests (Python statements, typically asserts) as argument."""
    return tdscaling.Execution(
        code=_HARNESS,
        args=[json.dumps(list(tests))],
        files={"solution.py": solution},
        stdin=nonce + "\n",
        timeout=timeout,
    )


def score(result: Any, nonce: str) -> float:
    """Share of passed tests from one sandbox outcome; 0 for refusals,
    crashes, timeouts and sandbox failures."""
    if not isinstance(result, tdscaling.ExecutionResult) or not result.ok:
        return 0.0  # refused by the server, or the harness did not finish
    for line in reversed(result.stdout_text.splitlines()):
        if line.startswith(nonce + " "):
            s = json.loads(line[len(nonce) + 1:])
            return s["passed"] / s["total"] if s["total"] else 0.0
    return 0.0


def compute_rewards(
    client: tdscaling.Client,
    solutions: Sequence[str],
    tests: Sequence[Sequence[str]],
    *,
    timeout: float = 5.0,
) -> List[float]:
    """Rewards of solutions[i] against tests[i], run as one batch."""
    nonce = secrets.token_hex(16)
    jobs = [build_execution(s, t, nonce, timeout) for s, t in zip(solutions, tests)]
    return [score(r, nonce) for r in client.sandbox.execute_many(jobs)]


def trl_reward_function(client: tdscaling.Client, *, timeout: float = 5.0) -> Callable[..., List[float]]:
    """A reward function for TRL's GRPOTrainer: the dataset carries a `tests`
    column (a list of assert statements per prompt)."""

    def sandbox_tests(completions: List[Any], tests: List[Sequence[str]], **_: Any) -> List[float]:
        return compute_rewards(client, [extract_code(c) for c in completions], tests, timeout=timeout)

    return sandbox_tests


# A small batch of what a policy might write for two problems.
DEMO_TESTS = {
    "fizzbuzz": [
        "assert fizzbuzz(3) == 'Fizz'",
        "assert fizzbuzz(5) == 'Buzz'",
        "assert fizzbuzz(15) == 'FizzBuzz'",
        "assert fizzbuzz(7) == '7'",
    ],
    "median": [
        "assert median([3, 1, 2]) == 2",
        "assert median([4, 1, 3, 2]) == 2.5",
        "assert median([5]) == 5",
    ],
}
DEMO_CANDIDATES = [
    ("fizzbuzz", "correct",
     "```python\ndef fizzbuzz(n):\n    if n % 15 == 0:\n        return 'FizzBuzz'\n    if n % 3 == 0:\n        return 'Fizz'\n"
     "    if n % 5 == 0:\n        return 'Buzz'\n    return str(n)\n```"),
    ("fizzbuzz", "misses FizzBuzz",
     "def fizzbuzz(n):\n    if n % 3 == 0:\n        return 'Fizz'\n    if n % 5 == 0:\n        return 'Buzz'\n    return str(n)\n"),
    ("fizzbuzz", "does not parse", "def fizzbuzz(n)\n    return n\n"),
    ("median", "correct",
     "def median(xs):\n    s = sorted(xs)\n    m = len(s) // 2\n    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2\n"),
    ("median", "loops forever", "def median(xs):\n    while True:\n        pass\n"),
    ("median", "reaches for the network",
     "import urllib.request\ndef median(xs):\n    return urllib.request.urlopen('http://example.com').status\n"),
]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sandbox", default=os.environ.get("TDS_SANDBOX", "127.0.0.1:7105"), help="sandbox address")
    p.add_argument("--token", default=os.environ.get("TDS_TOKEN"), help="bearer token ($TDS_TOKEN)")
    args = p.parse_args()
    with tdscaling.Client(args.sandbox, args.token) as client:
        rewards = compute_rewards(
            client,
            [extract_code(c) for _, _, c in DEMO_CANDIDATES],
            [DEMO_TESTS[p] for p, _, _ in DEMO_CANDIDATES],
            timeout=2.0,
        )
    for (problem, what, _), r in zip(DEMO_CANDIDATES, rewards):
        print(f"{r:5.2f}  {problem:9s} {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
