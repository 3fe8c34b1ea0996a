#!/usr/bin/env python3
"""Runs a small job with a known trace id and asserts, through Jaeger's query
API, that the job's trace holds spans from all six components.

    python check_trace.py --gateway 127.0.0.1:7100 --token T \
        --jaeger http://127.0.0.1:16686 --corpus ../shared/corpora/bfcl_multiturn.jsonl

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
from typing import Set

import tdscaling

COMPONENTS = {f"tds-{c}" for c in ("gateway", "cluster", "blueprint", "agent", "evolve", "sandbox")}


def trace_services(jaeger: str, trace_id: str) -> tuple[Set[str], int]:
    """The service names and span count of one trace ({} when not stored yet)."""
    try:
        with urllib.request.urlopen(f"{jaeger}/api/traces/{trace_id}", timeout=10) as resp:
            body = json.load(resp)
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return set(), 0
        raise
    services: Set[str] = set()
    spans = 0
    for trace in body.get("data") or []:
        services |= {p["serviceName"] for p in trace["processes"].values()}
        spans += len(trace["spans"])
    return services, spans


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
    services: Set[str] = set()
    spans = 0
    while True:
        try:
            services, spans = trace_services(args.jaeger, trace_id)
        except urllib.error.URLError as err:
            print(f"Jaeger query API {args.jaeger}: {err.reason}", file=sys.stderr)
        if COMPONENTS <= services or time.monotonic() >= deadline:
            break
        time.sleep(2)
    print(f"trace {trace_id}: {spans} spans from {', '.join(sorted(services)) or 'nothing'}")
    missing = COMPONENTS - services
    if missing:
        print(f"FAIL: no spans from {', '.join(sorted(missing))} in the job's trace", file=sys.stderr)
        return 1
    print("OK: the job's trace has spans from all six components")
    return 0


if __name__ == "__main__":
    sys.exit(main())
