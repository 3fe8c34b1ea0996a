"""Fixtures: one real `tds up` (every service, embedded NATS, the sandbox) for
the whole session, and clients of it.

The binary is $TDS_BIN when set (scripts/test builds it once), else it is built
from the repository with `go build`. The sandbox needs root.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import Dict, Iterator, Optional

import pytest

import tdscaling

REPO = pathlib.Path(__file__).resolve().parents[3]
TOKEN = "pytest-token"
# A second accepted token: jobs of one token are not the other's.
OTHER_TOKEN = "pytest-other-token"
# The sandbox's host uid range for these tests: every suite that starts
# sandboxes has a range of its own, so suites can run at the same time.
HOST_ID_BASE = 700000
COMPONENTS = ("gateway", "cluster", "blueprint", "agent", "evolve", "sandbox", "nats")
_LINE = re.compile(r"^\s+(\w+)\s+(\S+)")


def _tds_binary(tmp: pathlib.Path) -> str:
    if os.environ.get("TDS_BIN"):
        return os.environ["TDS_BIN"]
    out = tmp / "tds"
    subprocess.run(["go", "build", "-o", str(out), "./cmd/tds"], cwd=REPO, check=True)
    return str(out)


@pytest.fixture(scope="session")
def tds_bin(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The tds binary the tests run."""
    return _tds_binary(tmp_path_factory.mktemp("bin"))


@pytest.fixture(scope="session")
def endpoints(tmp_path_factory: pytest.TempPathFactory, tds_bin: str) -> Iterator[Dict[str, str]]:
    """Starts `tds up --base-port 0` and yields its printed addresses by
    component name; stops it (SIGINT, as Ctrl-C) at the end."""
    tmp = tmp_path_factory.mktemp("tds")
    # The sandbox's state dir must sit under world-searchable directories
    # (its runs' unprivileged users traverse it); pytest's tmp dirs are 0700.
    state = pathlib.Path(tempfile.mkdtemp(prefix="tds-pytest-"))
    state.chmod(0o755)
    cmd = [
        tds_bin, "up",
        "--base-port", "0",
        "--data-dir", str(tmp / "data"),
        "--metrics.listen", "",
        "--auth.tokens", f"{TOKEN},{OTHER_TOKEN}",
        "--sandbox.host_id_base", str(HOST_ID_BASE),
        "--sandbox.state_dir", str(state / "sandbox"),
        "--log.level", "warn",
    ]
    log = open(tmp / "tds-up.log", "wb")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True)
    lines: "queue.Queue[Optional[str]]" = queue.Queue()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)  # tds up exited

    threading.Thread(target=read, daemon=True).start()
    found: Dict[str, str] = {}
    deadline = time.monotonic() + 120
    try:
        while not all(c in found for c in COMPONENTS):
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            m = _LINE.match(line)
            if m:
                found.setdefault(m.group(1), m.group(2))  # the gateway also prints its HTTP address
        if not all(c in found for c in COMPONENTS):
            proc.kill()
            proc.wait()
            log.close()
            pytest.fail(f"tds up did not come up (exit {proc.returncode}); its log:\n"
                        + (tmp / "tds-up.log").read_text(errors="replace")[-4000:])
        yield found
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture()
def client(endpoints: Dict[str, str]) -> Iterator[tdscaling.Client]:
    """A client with the right token, gateway and sandbox addresses."""
    with tdscaling.Client(endpoints["gateway"], TOKEN, sandbox_address=endpoints["sandbox"], timeout=60) as c:
        yield c


@pytest.fixture(scope="session")
def corpus() -> pathlib.Path:
    """A small real corpus for jobs ($TDS_TEST_CORPUS, else the BFCL multi-turn
    example shipped in examples/corpora)."""
    path = pathlib.Path(os.environ.get("TDS_TEST_CORPUS", REPO / "examples" / "corpora" / "bfcl-multiturn.jsonl"))
    if not path.is_file():
        pytest.fail(f"corpus {path} not found: set TDS_TEST_CORPUS to a tool corpus file")
    return path.resolve()


# Generous: a few sim-provider records take seconds, the bound only stops a hang.
WATCH_TIMEOUT = 600.0


@contextlib.contextmanager
def unless_unimplemented() -> Iterator[None]:
    """Skips the test when the gateway answers UNIMPLEMENTED (its JobService
    has not landed), and only then."""
    try:
        yield
    except tdscaling.UnimplementedError as err:
        pytest.skip(f"the gateway's JobService answers UNIMPLEMENTED ({err.message}); runs once it is implemented")


def run_to_end(client: tdscaling.Client, job_id: str) -> list:
    """Watches a job until it finishes and returns every update."""
    updates = list(client.jobs.watch(job_id, timeout=WATCH_TIMEOUT))
    assert updates, "watch yielded nothing"
    return updates


@pytest.fixture(scope="session")
def finished_job(endpoints: dict, corpus: pathlib.Path) -> Iterator[tuple]:
    """One small job run to the end, shared by the read-only tests:
    (job as created, the watch updates)."""
    with tdscaling.Client(endpoints["gateway"], TOKEN, timeout=120) as c:
        with unless_unimplemented():
            job = c.jobs.create(corpus, 3, name="pytest", seed=7, labels={"suite": "pytest"})
            yield job, run_to_end(c, job.id)
