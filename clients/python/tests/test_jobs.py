"""The job API against the real gateway (`tds up`).

Each test is skipped only when the gateway answers UNIMPLEMENTED, i.e. until
its JobService lands; every other outcome counts.
"""

from __future__ import annotations

import json
import pathlib
import time

import grpc
import pytest

import tdscaling
from tdscaling import JobState

from conftest import OTHER_TOKEN, run_to_end, unless_unimplemented


def test_create_watch_get_list(client: tdscaling.Client, finished_job: tuple) -> None:
    created, updates = finished_job
    assert created.id
    assert created.name == "pytest"
    assert created.spec.target_records == 3
    assert created.spec.labels["suite"] == "pytest"
    last = updates[-1]
    assert last.state is JobState.SUCCEEDED, updates
    assert last.progress.accepted == 3
    # Every record holds at least one request.
    assert last.progress.requests_per_record >= 1 and last.progress.h_request >= 0
    assert all(u.progress.accepted <= 3 for u in updates)
    with unless_unimplemented():
        job = client.jobs.get(created.id)
        assert job.state is JobState.SUCCEEDED and job.state.finished
        assert job.progress.written == 3
        assert job.finished_at is not None and job.created_at is not None
        ids = [j.id for j in client.jobs.list()]
        assert created.id in ids
        assert created.id in [j.id for j in client.jobs.list(JobState.SUCCEEDED, page_size=1)]
        assert created.id not in [j.id for j in client.jobs.list(JobState.RUNNING)]


def test_export_dataset(client: tdscaling.Client, finished_job: tuple, tmp_path: pathlib.Path) -> None:
    created, _ = finished_job
    with unless_unimplemented():
        path = client.jobs.export(created.id, tmp_path)  # a directory: the server names the file
        assert path.parent == tmp_path and path.name.endswith(".jsonl")
        records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        assert len(records) == 3
        for r in records:
            assert r["job_id"] == created.id
            assert r["messages"][0]["role"] in ("system", "user")
            assert r["verdict"]["passed"] is True
        report = client.jobs.export(created.id, tmp_path / "report.json", format="report")
        assert report == tmp_path / "report.json"
        assert isinstance(json.loads(report.read_text()), dict)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")], "no partial files left"


def test_budget_and_usage(client: tdscaling.Client, corpus: pathlib.Path, finished_job: tuple) -> None:
    created, updates = finished_job
    with unless_unimplemented():
        job = client.jobs.get(created.id)
        # The server writes the default attempts bound into the spec.
        assert job.spec.budget.max_attempts == 10 * 3 + 100
        assert isinstance(job.progress.usage, tdscaling.Usage)
        assert job.progress.usage.llm_calls >= 0 and isinstance(job.progress.usage.by_role, dict)
        assert job.stop is not None and job.stop.kind == "STOP_KIND_TARGET"
        assert job.dataset_written and not job.partial
        budget = tdscaling.Budget(max_llm_tokens=10**9, max_cost=5.0, breaker=tdscaling.Breaker(window=50, max_rejection_rate=0.8))
        other = client.jobs.create(corpus, 2, seed=5, budget=budget)
        assert other.spec.budget.max_cost == 5.0 and other.spec.budget.breaker.window == 50
        updates = run_to_end(client, other.id)
        assert updates[-1].state is JobState.SUCCEEDED


def test_export_unknown_format_is_refused_before_sending(client: tdscaling.Client, tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="xml"):
        client.jobs.export("any", tmp_path, format="xml")


def test_create_invalid_spec_names_the_fields(client: tdscaling.Client) -> None:
    with unless_unimplemented():
        with pytest.raises(tdscaling.InvalidArgumentError) as info:
            client.jobs.create(None, 0)
    err = info.value
    assert err.reason == "ERROR_REASON_INVALID_ARGUMENT"
    assert err.field_violations, "the error names the fields at fault"
    assert all(v.field.startswith("spec") for v in err.field_violations), err.field_violations


def test_create_is_idempotent_by_request_id(client: tdscaling.Client, corpus: pathlib.Path) -> None:
    with unless_unimplemented():
        a = client.jobs.create(corpus, 2, seed=3, request_id="pytest-idempotent")
        b = client.jobs.create(corpus, 2, seed=3, request_id="pytest-idempotent")
        assert a.id == b.id
        run_to_end(client, a.id)


def test_unknown_job_is_not_found(client: tdscaling.Client, tmp_path: pathlib.Path) -> None:
    with unless_unimplemented():
        with pytest.raises(tdscaling.NotFoundError) as info:
            client.jobs.get("no-such-job")
        assert info.value.reason == "ERROR_REASON_JOB_NOT_FOUND"
        with pytest.raises(tdscaling.NotFoundError):
            list(client.jobs.watch("no-such-job", timeout=30))
        with pytest.raises(tdscaling.NotFoundError):
            client.jobs.export("no-such-job", tmp_path / "x.jsonl")
        assert not (tmp_path / "x.jsonl").exists()


def test_cancel(client: tdscaling.Client, corpus: pathlib.Path, finished_job: tuple, tmp_path: pathlib.Path) -> None:
    with unless_unimplemented():
        job = client.jobs.create(corpus, 1000, seed=11)
        cancelled = client.jobs.cancel(job.id, reason="pytest")
        assert cancelled.state is JobState.CANCELLED and cancelled.reason == "pytest"
        updates = run_to_end(client, job.id)
        assert updates[-1].state is JobState.CANCELLED
        assert client.jobs.get(job.id).state is JobState.CANCELLED
        assert client.jobs.cancel(job.id).state is JobState.CANCELLED, "a retried cancel is answered alike"
        # A cancelled job's dataset is exported as it stands: partial, and
        # into a directory that the export creates.
        out = tmp_path / "cancelled"
        path = client.jobs.export(job.id, f"{out}/")
        assert path.parent == out and path.name == "trajectories.jsonl"
        card = client.jobs.export(job.id, out, format="card").read_text()
        assert "Partial dataset" in card
        final = client.jobs.get(job.id)
        assert final.state is JobState.CANCELLED and final.reason == "pytest"
        assert final.dataset_written and final.partial
        succeeded, _ = finished_job
        with pytest.raises(tdscaling.FailedPreconditionError) as info:
            client.jobs.cancel(succeeded.id)
        assert info.value.reason == "ERROR_REASON_JOB_STATE_CONFLICT"
        assert client.jobs.get(succeeded.id).state is JobState.SUCCEEDED


def test_resume_a_cancelled_job(client: tdscaling.Client, corpus: pathlib.Path, finished_job: tuple, tmp_path: pathlib.Path) -> None:
    """A cancelled job continues into its own directory and ends at its
    target, keeping what it had; a succeeded one is not resumed."""
    with unless_unimplemented():
        job = client.jobs.create(corpus, 8, seed=13)
        client.jobs.cancel(job.id, reason="pytest")
        run_to_end(client, job.id)
        # The dataset is written once the rollouts in flight are back.
        deadline = time.monotonic() + 60
        while not (cancelled := client.jobs.get(job.id)).dataset_written and time.monotonic() < deadline:
            time.sleep(0.2)
        assert cancelled.state is JobState.CANCELLED and cancelled.partial
        kept = cancelled.progress.written
        resumed = client.jobs.resume(job.id, tdscaling.Budget(max_attempts=200))
        assert resumed.state is JobState.PENDING and resumed.resumes == 1
        assert run_to_end(client, job.id)[-1].state is JobState.SUCCEEDED
        final = client.jobs.get(job.id)
        assert final.dataset_written and not final.partial and final.progress.written == 8 >= kept
        assert final.spec.budget.max_attempts == 200
        path = client.jobs.export(job.id, tmp_path / "resumed.jsonl")
        ids = [json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()]
        assert len(ids) == len(set(ids)) == 8
        succeeded, _ = finished_job
        with pytest.raises(tdscaling.FailedPreconditionError) as info:
            client.jobs.resume(succeeded.id)
        assert info.value.reason == "ERROR_REASON_JOB_STATE_CONFLICT" and "succeeded" in info.value.message


def test_jobs_belong_to_their_token(endpoints: dict, finished_job: tuple) -> None:
    created, _ = finished_job
    with tdscaling.Client(endpoints["gateway"], OTHER_TOKEN) as other:
        with unless_unimplemented():
            with pytest.raises((tdscaling.PermissionDeniedError, tdscaling.NotFoundError)):
                other.jobs.get(created.id)
            assert created.id not in [j.id for j in other.jobs.list()]


def test_jobs_need_a_token(endpoints: dict) -> None:
    with tdscaling.Client(endpoints["gateway"]) as anonymous:
        with pytest.raises(tdscaling.UnauthenticatedError) as info:
            anonymous.jobs.get("any")
        assert info.value.code is grpc.StatusCode.UNAUTHENTICATED


def test_uploaded_corpus_is_the_callers(endpoints: dict, client: tdscaling.Client, corpus: pathlib.Path) -> None:
    with unless_unimplemented():
        up = client.jobs.upload_corpus(corpus, name="pytest-upload.jsonl")
        assert up.corpus.id and up.imported + up.duplicates > 0
        assert up.corpus.id in [c.id for c in client.jobs.corpora()]
        with tdscaling.Client(endpoints["gateway"], OTHER_TOKEN, timeout=60) as other:
            assert up.corpus.id not in [c.id for c in other.jobs.corpora()]
            with pytest.raises(tdscaling.NotFoundError):
                other.jobs.create(corpus_id=up.corpus.id, target_records=2)


def test_server_paths_are_refused_alike(client: tdscaling.Client, corpus: pathlib.Path) -> None:
    # This gateway has no import roots: it reads no file of its host for a
    # caller, and says nothing about the path it was given.
    with unless_unimplemented():
        answers = set()
        for p in (str(corpus), "/etc/shadow", "/no/such/file.jsonl", "/etc"):
            with pytest.raises(tdscaling.PermissionDeniedError) as info:
                client.jobs.create(server_path=p, target_records=2)
            answers.add(info.value.message)
        assert len(answers) == 1, answers
