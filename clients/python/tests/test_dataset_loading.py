"""A produced dataset loads as it is: Hugging Face ``datasets`` from the
directory (the card's metadata block names the files and features) and
pandas from the Parquet file, with messages and tool calls as lists of
dicts, not JSON text."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest

import tdscaling

from conftest import TOKEN, unless_unimplemented


@pytest.fixture()
def dataset_dir(client: tdscaling.Client, finished_job: tuple) -> pathlib.Path:
    created, _ = finished_job
    with unless_unimplemented():
        job = client.jobs.get(created.id)
    out = pathlib.Path(job.output_dir)
    assert (out / "trajectories.parquet").is_file(), sorted(p.name for p in out.iterdir())
    return out


@pytest.fixture()
def offline_hf(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """No hub, a cache of the test's own."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))


def _check_messages(messages: list, jsonl_messages: list) -> None:
    assert isinstance(messages, list) and all(isinstance(m, dict) for m in messages)
    assert [m["role"] for m in messages] == [m["role"] for m in jsonl_messages]
    assert [m["content"] for m in messages] == [m["content"] for m in jsonl_messages]
    calls = [c for m in messages for c in (m["tool_calls"] or [])]
    want = [c for m in jsonl_messages for c in m.get("tool_calls", [])]
    assert calls == want, "tool calls arrive as lists of dicts, with arguments as JSON text"
    for c in calls:
        assert isinstance(c["function"], dict) and isinstance(json.loads(c["function"]["arguments"]), dict)


def test_load_dataset_of_the_directory(dataset_dir: pathlib.Path, offline_hf: None) -> None:
    import datasets

    ds = datasets.load_dataset(str(dataset_dir))
    assert list(ds) == ["train"]
    train = ds["train"]
    jsonl = [json.loads(line) for line in (dataset_dir / "trajectories.jsonl").read_text().splitlines() if line.strip()]
    assert train.num_rows == len(jsonl) == 3
    by_id = {r["id"]: r for r in jsonl}
    for row in train:
        _check_messages(row["messages"], by_id[row["id"]]["messages"])
        assert all(isinstance(t["function"]["name"], str) for t in row["tools"])
        assert isinstance(json.loads(row["tools"][0]["function"]["parameters"]), dict)
    # The messages are what a chat template takes as they are.
    first = train[0]["messages"]
    assert first[0]["role"] in ("system", "user")


def test_pandas_reads_the_parquet(dataset_dir: pathlib.Path) -> None:
    import pandas as pd

    df = pd.read_parquet(dataset_dir / "trajectories.parquet")
    jsonl = {json.loads(line)["id"]: json.loads(line) for line in (dataset_dir / "trajectories.jsonl").read_text().splitlines() if line.strip()}
    assert len(df) == 3
    for _, row in df.iterrows():
        messages = [{**m, "tool_calls": list(m["tool_calls"])} for m in row["messages"]]
        _check_messages(messages, jsonl[row["id"]]["messages"])
        assert row["num_messages"] == len(messages)


def test_card_metadata_block(dataset_dir: pathlib.Path) -> None:
    import yaml

    card = (dataset_dir / "README.md").read_text()
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["configs"][0]["data_files"][0] == {"split": "train", "path": "trajectories.parquet"}
    assert meta["dataset_info"]["splits"][0]["num_examples"] == 3
    assert "tool-use" in meta["tags"] and meta["license"]
    # A job created without a strategy says the one it ran with.
    assert "- Strategy: tdscaling" in card


def test_hub_export_loads_as_the_hub_lays_it_out(tds_bin: str, endpoints: dict, finished_job: tuple,
                                                  dataset_dir: pathlib.Path, tmp_path: pathlib.Path, offline_hf: None) -> None:
    """`tds export --hub` writes a directory ready for push_to_hub or
    huggingface-cli upload: the card names data/train-*, and datasets loads
    the directory as it is."""
    import datasets
    import yaml

    created, _ = finished_job
    hub = tmp_path / "hub"
    run = subprocess.run([tds_bin, "export", "--hub", str(hub), "--job", created.id,
                          "--server", endpoints["gateway"], "--token", TOKEN],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    files = sorted(str(p.relative_to(hub)) for p in hub.rglob("*") if p.is_file())
    assert "README.md" in files and "data/train-00000-of-00001.parquet" in files, files
    assert not any(f.endswith("trajectories.jsonl") for f in files), files
    meta = yaml.safe_load((hub / "README.md").read_text().split("---\n")[1])
    assert meta["configs"][0]["data_files"][0] == {"split": "train", "path": "data/train-*"}

    train = datasets.load_dataset(str(hub), split="train")
    jsonl = {json.loads(line)["id"]: json.loads(line) for line in (dataset_dir / "trajectories.jsonl").read_text().splitlines() if line.strip()}
    assert train.num_rows == len(jsonl) == 3
    for row in train:
        _check_messages(row["messages"], jsonl[row["id"]]["messages"])

    # Nothing is overwritten: a second export into the same directory is refused.
    again = subprocess.run([tds_bin, "export", "--hub", str(hub), "--dataset", str(dataset_dir)],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "not empty" in again.stderr, again.stderr
