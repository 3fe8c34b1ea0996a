#!/usr/bin/env python3
"""Load a TDScaling dataset into Hugging Face `datasets`, in TRL's SFT format.

    python sft_dataset.py trajectories.jsonl --out sft
    python sft_dataset.py --gateway 127.0.0.1:7100 --token "$TDS_TOKEN" --job JOB_ID --out sft

The first reads a dataset file (`tds synth` output, or `trajectories.jsonl` of
a job's output directory); the second exports it from the gateway first.
`--out` gets the conversational dataset TRL's SFTTrainer takes as is
(`datasets.load_from_disk(out)`): a `messages` column, with tool calls whose
arguments are JSON objects as chat templates expect, and a `tools` column of
OpenAI function specs. Nested JSON is kept in `datasets.Json` columns: Arrow
would otherwise give every row one struct schema and add the keys of other
rows' tool schemas as nulls.

    from datasets import load_from_disk
    from trl import SFTConfig, SFTTrainer
    trainer = SFTTrainer(model="Qwen/Qwen3-0.6B", train_dataset=load_from_disk("sft"),
                         args=SFTConfig(output_dir="sft-model"))
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile
from typing import Any, Dict, Iterable, List

# Columns of the canonical record (docs/design.md#trajectory-record) kept as plain values; the
# nested ones (messages, tools, verdict, usage, provenance) become Json.
SCALAR_COLUMNS = {"id": "string", "job_id": "string", "cluster_id": "string", "blueprint_id": "string",
                  "domain": "string", "reasoning_mode": "string", "cac": "float64"}
JSON_COLUMNS = ("messages", "tools", "verdict", "usage", "provenance")


def read_records(path: os.PathLike[str] | str) -> List[Dict[str, Any]]:
    """The records of a trajectories.jsonl file."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_sft(record: Dict[str, Any]) -> Dict[str, Any]:
    """One record in TRL's conversational format: the chat messages, tool-call
    arguments decoded from the OpenAI JSON string to an object, and the tools."""
    messages = []
    for m in record["messages"]:
        out: Dict[str, Any] = {"role": m["role"], "content": m.get("content") or ""}
        if m.get("reasoning_content"):
            out["reasoning_content"] = m["reasoning_content"]
        if m.get("tool_calls"):
            out["tool_calls"] = [
                {
                    "id": c["id"],
                    "type": "function",
                    "function": {"name": c["function"]["name"], "arguments": json.loads(c["function"]["arguments"] or "{}")},
                }
                for c in m["tool_calls"]
            ]
        if m["role"] == "tool":
            out["tool_call_id"] = m.get("tool_call_id", "")
            out["name"] = m.get("name", "")
        messages.append(out)
    return {"messages": messages, "tools": record.get("tools") or []}


def records_dataset(records: Iterable[Dict[str, Any]]):  # -> datasets.Dataset
    """The records as a `datasets.Dataset` (every column of the canonical row)."""
    from datasets import Dataset, Features, Json, Value

    features = Features({**{k: Value(t) for k, t in SCALAR_COLUMNS.items()}, **{k: Json() for k in JSON_COLUMNS}})
    rows = [{k: r.get(k) for k in features} for r in records]
    return Dataset.from_list(rows, features=features)


def sft_dataset(records: Iterable[Dict[str, Any]]):  # -> datasets.Dataset
    """The passed records in TRL's conversational SFT format."""
    from datasets import Dataset, Features, Json, List as DList

    features = Features({"messages": DList(Json()), "tools": DList(Json())})
    rows = [to_sft(r) for r in records if r.get("verdict", {}).get("passed", True)]
    return Dataset.from_list(rows, features=features)


def export(gateway: str, token: str | None, job: str, into: pathlib.Path) -> pathlib.Path:
    """Downloads the job's trajectories.jsonl through the gateway."""
    import tdscaling

    with tdscaling.Client(gateway, token) as client:
        return client.jobs.export(job, into, format="jsonl")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dataset", nargs="?", help="a trajectories.jsonl file")
    p.add_argument("--gateway", default=os.environ.get("TDS_GATEWAY", "127.0.0.1:7100"))
    p.add_argument("--token", default=os.environ.get("TDS_TOKEN"), help="bearer token ($TDS_TOKEN)")
    p.add_argument("--job", help="export this job's dataset from the gateway instead of reading a file")
    p.add_argument("--out", required=True, help="directory for the SFT dataset (datasets.save_to_disk)")
    args = p.parse_args()
    if bool(args.dataset) == bool(args.job):
        p.error("give a dataset file or --job, not both")
    with tempfile.TemporaryDirectory() as tmp:
        path = export(args.gateway, args.token, args.job, pathlib.Path(tmp)) if args.job else args.dataset
        records = read_records(path)
    full = records_dataset(records)
    sft = sft_dataset(records)
    sft.save_to_disk(args.out)
    domains = len(set(full["domain"]))
    modes = len(set(full["reasoning_mode"]))
    print(f"{len(full)} records ({domains} domains, {modes} reasoning modes) -> {len(sft)} SFT rows in {args.out}")
    if len(sft):
        print(json.dumps(sft[0], indent=1)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
