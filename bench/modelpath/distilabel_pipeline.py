"""The distilabel side of bench/modelpath: a pipeline that makes the same
number of model calls per record as a TDScaling record takes, in sequence,
against the same OpenAI-compatible server.

A TDScaling record is a multi-turn rollout: a planner call, then user
simulator, assistant, tool simulator and judge calls, each reading the
conversation so far. distilabel writes multi-turn generation as one task that
loops over the turns, generating each turn for the whole batch at once (as its
Magpie task does): here a Rollout task makes --calls rounds, each one call per
record with the conversation so far, the reply appended. Every round sends
the batch at once (distilabel's own concurrency), and the server's slots bound
the calls served at once for both systems.

    python distilabel_pipeline.py --base-url http://127.0.0.1:18080/v1 --records 200 --calls 25 --batch 64
"""

import argparse
import json
import os
import sys
import tempfile
import time

from distilabel.models import OpenAILLM
from distilabel.pipeline import Pipeline
from distilabel.steps import LoadDataFromDicts, StepInput
from distilabel.steps.tasks import Task


class Rollout(Task):
    """Makes `turns` calls per record in sequence, each with the conversation so far."""

    turns: int = 1

    @property
    def inputs(self):
        return ["instruction"]

    @property
    def outputs(self):
        return ["conversation", "model_name"]

    def format_input(self, input):
        return [{"role": "user", "content": input["instruction"]}]

    def format_output(self, output, input=None):
        return {"conversation": output}

    def process(self, inputs: StepInput):
        conversations = [self.format_input(i) for i in inputs]
        for _ in range(self.turns):
            outputs = self.llm.generate_outputs(inputs=conversations, num_generations=1)
            for conv, out in zip(conversations, outputs):
                conv.append({"role": "assistant", "content": out["generations"][0] or ""})
                conv.append({"role": "user", "content": "Go on."})
        for row, conv in zip(inputs, conversations):
            row["conversation"] = json.dumps(conv)
            row["model_name"] = self.llm.model_name
        yield inputs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--records", type=int, default=200)
    ap.add_argument("--calls", type=int, default=11, help="model calls per record, in sequence")
    ap.add_argument("--batch", type=int, default=64, help="input_batch_size of every step")
    ap.add_argument("--max-retries", type=int, default=6)
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()

    # distilabel writes its logs and cache under here; keep them out of the home directory.
    work = tempfile.mkdtemp(prefix="distilabel-bench-")

    rows = [{"instruction": f"Record {i}: plan a multi-turn conversation with tools."} for i in range(args.records)]
    with Pipeline(name="modelpath", cache_dir=work) as pipeline:
        load = LoadDataFromDicts(data=rows, batch_size=args.batch)
        llm = OpenAILLM(model="playalong", base_url=args.base_url, api_key="bench",
                        max_retries=args.max_retries, timeout=args.timeout)
        rollout = Rollout(name="rollout", llm=llm, turns=args.calls, input_batch_size=args.batch)
        load >> rollout

    start = time.monotonic()
    distiset = pipeline.run(use_cache=False)
    wall = time.monotonic() - start
    ds = distiset["default"]["train"]
    done = sum(1 for r in ds if r.get("conversation") and len(json.loads(r["conversation"])) == 1 + 2 * args.calls)
    print("distilabel-totals " + json.dumps({"records": len(ds), "complete": done, "wall": wall}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
