#!/usr/bin/env python3
"""Runs a small job with a known trace id and asserts, through Jaeger's query
API, that the job's trace holds spans from all six components and the
dataset's last writes.

    python check_trace.py --gateway 127.0.0.1:7100 --token T \
        --jaeger http://127.0.0.1:16686 --corpus examples/corpora/bfcl-multiturn.jsonl

Used by check-trace.sh, which starts the local deployment around it.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
import urllib.error
import urllib.request
from collections import Counter

import tdscaling

COMPONENTS = {f"tds-{c}" for c in ("gateway", "cluster", "blueprint", "agent", "evolve", "sandbox")}
# The last writes of a job: the sink's batch write of accepted records and the
# dataset's finalisation.
LAST_WRITES = [("tds-gateway", "write accepted.jsonl"), ("tds-gateway", "finalize dataset")]


def trace_spans(jaeger: str, trace_id: str) -> Counter:
    """How many spans each (service, operation) has in one trace (empty when
    not stored yet)."""
    try:
        with urllib.request.urlopen(f"{jaeger}/api/traces/{trace_id}", timeout=10) as resp:
            body = json.load(resp)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return Counter()
        raise
    spans: Counter = Counter()
    for trace in body.get("data") or []:
        processes = trace["processes"]
        for span in trace["spans"]:
            spans[(processes[span["processID"]]["serviceName"], span["operationName"])] += 1
    return spans


def missing(spans: Counter) -> list[str]:
    """What the job's trace still lacks: a component, or one of the spans
    that end the flow (the sink's batch write, the dataset's finalisation)."""
    services = {svc for svc, _ in spans}
    out = [f"spans from {svc}" for svc in sorted(COMPONENTS - services)]
    for svc, op in LAST_WRITES:
        if not spans[(svc, op)]:
            out.append(f"a {op!r} span from {svc}")
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gateway", required=True)
    p.add_argument("--token")
    p.add_argument("--jaeger", required=True, help="Jaeger query base URL")
    p.add_argument("--corpus", required=True, help="corpus file for the job")
    p.add_argument("--records", type=int, default=3)
    p.add_argument("--code-share", type=float, default=1.0,
                   help="share of trajectories with a code step (1: every one reaches the sandbox)")
    p.add_argument("--wait", type=float, default=120, help="seconds to wait for the spans to arrive")
    args = p.parse_args()

    trace_id = secrets.token_hex(16)
    traceparent = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    with tdscaling.Client(args.gateway, args.token, metadata=[("traceparent", traceparent)]) as client:
        job = client.jobs.create(args.corpus, args.records, name="check-trace", seed=1,
                                 code_tool_share=args.code_share)
        print(f"job {job.id}, trace {trace_id}")
        last = None
        for update in client.jobs.watch(job.id, timeout=900):
            last = update
        if last is None or last.state is not tdscaling.JobState.SUCCEEDED:
            final = client.jobs.get(job.id)
            print(f"FAIL: job ended {final.state.name}: {final.reason}", file=sys.stderr)
            return 1

    deadline = time.monotonic() + args.wait
    spans: Counter = Counter()
    while True:
        try:
            spans = trace_spans(args.jaeger, trace_id)
        except urllib.error.URLError as err:
            print(f"Jaeger query API {args.jaeger}: {err.reason}", file=sys.stderr)
        if not missing(spans) or time.monotonic() >= deadline:
            break
        time.sleep(2)
    per_service: Counter = Counter()
    for (svc, _), n in spans.items():
        per_service[svc] += n
    print(f"trace {trace_id}: {sum(spans.values())} spans: "
          + (", ".join(f"{svc} {n}" for svc, n in sorted(per_service.items())) or "none"))
    for svc, op in LAST_WRITES:
        print(f"  {svc} {op!r}: {spans[(svc, op)]}")
    lacks = missing(spans)
    if lacks:
        print(f"FAIL: the job's trace has no {'; no '.join(lacks)}", file=sys.stderr)
        return 1
    print("OK: the job's trace has spans from all six components, down to the dataset's last write")
    return 0


if __name__ == "__main__":
    sys.exit(main())
