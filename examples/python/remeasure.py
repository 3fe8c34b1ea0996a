"""Re-measure a TDScaling dataset from its records alone.

An implementation of the diversity metrics (docs/metrics.md: the
reasoning-mode signature, grammar v2, its request split, Cumulative Action
Complexity, H_dom, H_mode and the request-level entropy) written from the
documentation, independent of the Go code that labels the records. Run it on
a dataset to check every record's `reasoning_mode` and `cac`:

    python3 examples/python/remeasure.py out/bfcl/trajectories.jsonl

It prints the metrics and exits 1 when a record's own fields disagree with
the re-measurement. Standard library only.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from typing import Any, Dict, Iterable, List, Optional, Tuple

CODE_TOOLS = {"python", "sql", "bash"}


def leaves(arguments: str) -> Optional[List[Tuple[str, bool]]]:
    """The leaf values of a call's JSON arguments as (text, significant):
    strings decoded, numbers as written; significant means a string of 3 or
    more characters or a number written with 3 or more. None when the
    arguments are not JSON."""
    try:
        value = json.loads(arguments, parse_float=str, parse_int=str, parse_constant=str)
    except (ValueError, TypeError):
        return None
    out: List[Tuple[str, bool]] = []

    def walk(v: Any, is_number: bool = False) -> None:
        if isinstance(v, dict):
            for e in v.values():
                walk(e)
        elif isinstance(v, list):
            for e in v:
                walk(e)
        elif isinstance(v, bool) or v is None:
            out.append(("", False))
        elif isinstance(v, str):
            out.append((v, len(v) >= 3))

    # Numbers were parsed to their written text above, so they arrive as
    # strings; their length is the length of the number as written.
    walk(value)
    return out


def is_error(content: str) -> bool:
    """A tool result is an error when it is a JSON object with a non-null,
    non-false "error" member, or "is_error"/"isError" true."""
    try:
        obj = json.loads(content)
    except (ValueError, TypeError):
        return False
    if not isinstance(obj, dict):
        return False
    if "error" in obj and obj["error"] is not None and obj["error"] is not False:
        return True
    return obj.get("is_error") is True or obj.get("isError") is True


def _text(m: Dict[str, Any]) -> str:
    parts = [m.get("content") or ""]
    for c in m.get("tool_calls") or []:
        parts.append(c.get("function", {}).get("arguments") or "")
    return "\x00".join(parts)


def measure(messages: List[Dict[str, Any]]) -> Tuple[str, float, List[str]]:
    """The signature, CAC and request signatures of one trajectory."""
    start = next((i for i, m in enumerate(messages) if m.get("role") == "user"), None)
    if start is None:
        return "", 0.0, []
    failed = {m.get("tool_call_id") for m in messages if m.get("role") == "tool" and is_error(m.get("content") or "")}

    def supplies(i: int) -> bool:
        # The user message at i is the first message to contain a
        # significant leaf value that a later tool call passes.
        content = messages[i].get("content") or ""
        for later in messages[i + 1:]:
            for c in later.get("tool_calls") or []:
                for v, significant in leaves(c.get("function", {}).get("arguments") or "") or []:
                    if significant and v in content and not any(v in _text(e) for e in messages[:i]):
                        return True
        return False

    tokens: List[str] = []
    requests: List[List[str]] = [[]]
    cac = 0.0
    outputs: List[str] = []
    after_error = False
    for i in range(start + 1, len(messages)):
        m = messages[i]
        role = m.get("role")
        if role == "tool":
            outputs.append(m.get("content") or "")
            after_error = after_error or is_error(m.get("content") or "")
        elif role == "user":
            tokens.append("u")
            cac += 0.5
            if len(tokens) >= 2 and tokens[-2] == "ask":
                requests[-1].append("u")
            else:
                requests.append([])
        elif role == "assistant":
            calls = m.get("tool_calls") or []
            if not calls:
                nxt = messages[i + 1] if i + 1 < len(messages) else None
                tok = "ask" if nxt is not None and nxt.get("role") == "user" and supplies(i + 1) else "ans"
                cac += 0.5 if tok == "ask" else 0
                tokens.append(tok)
                requests[-1].append(tok)
                continue
            letters = []
            for c in calls:
                fn = c.get("function", {})
                ls = leaves(fn.get("arguments") or "") or []
                dependent = sum(1 for v, s in ls if s and any(v in o for o in outputs))
                cost = 1 + 0.25 * len(ls) + dependent
                letter = "u"
                if fn.get("name") in CODE_TOOLS:
                    letter, cost = "x", cost + 2
                elif dependent:
                    letter = "d"
                if len(calls) >= 2:
                    cost += 1
                if after_error:
                    cost, after_error = cost + 1, False
                if c.get("id") in failed:
                    letter += "!"
                letters.append(letter)
                cac += cost
            tok = "[" + "".join(sorted(letters)) + "]"
            tokens.append(tok)
            requests[-1].append(tok)
    return ".".join(tokens), cac, [".".join(r) for r in requests]


def entropy(counts: Iterable[int]) -> float:
    cs = [c for c in counts if c > 0]
    total = sum(cs)
    return -sum(c / total * math.log2(c / total) for c in cs) if total else 0.0


def main(path: str) -> int:
    domains: Counter = Counter()
    signatures: Counter = Counter()
    requests: Counter = Counter()
    per_record: Counter = Counter()
    disagree = 0
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            sig, cac, reqs = measure(record["messages"])
            n += 1
            if sig != record.get("reasoning_mode") or abs(cac - record.get("cac", 0)) > 1e-6:
                disagree += 1
                if disagree <= 5:
                    print(f"{record['id']}: record says {record.get('reasoning_mode')!r} CAC {record.get('cac')},"
                          f" re-measured {sig!r} CAC {cac}", file=sys.stderr)
            domains[record.get("domain", "")] += 1
            signatures[sig] += 1
            requests.update(reqs)
            per_record[len(reqs)] += 1
    print(f"records {n}, disagreeing with their own reasoning_mode/cac: {disagree}")
    print(f"H_dom {entropy(domains.values()):.3f} bits over {len(domains)} domains")
    print(f"H_mode {entropy(signatures.values()):.3f} bits over {len(signatures)} signatures (grammar v2)")
    print(f"request-level entropy {entropy(requests.values()):.3f} bits over {len(requests)} request signatures")
    print("requests per record: " + ", ".join(f"{k}: {v}" for k, v in sorted(per_record.items())))
    return 1 if disagree else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: remeasure.py TRAJECTORIES.jsonl")
    sys.exit(main(sys.argv[1]))
