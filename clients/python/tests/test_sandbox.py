"""The sandbox API against a real sandbox service (`tds up`)."""

from __future__ import annotations

import socket

import grpc
import pytest

import tdscaling
from tdscaling import Execution, ExecutionStatus, Limits

from conftest import TOKEN


def test_execute_returns_output_of_the_program(client: tdscaling.Client) -> None:
    r = client.sandbox.execute("import sys\nprint(6 * 7)\nprint('warn', file=sys.stderr)")
    assert r.status is ExecutionStatus.OK and r.ok
    assert r.exit_code == 0
    assert r.stdout_text == "42\n"
    assert r.stderr == b"warn\n"
    assert r.isolation, "the server says what isolation the run had"


def test_execute_reports_failures_of_the_code_as_results(client: tdscaling.Client) -> None:
    r = client.sandbox.execute("import sys; sys.exit(3)")
    assert r.status is ExecutionStatus.NONZERO_EXIT and not r.ok
    assert r.exit_code == 3
    r = client.sandbox.execute("raise ValueError('boom')")
    assert r.status is ExecutionStatus.NONZERO_EXIT
    assert "ValueError: boom" in r.stderr_text


def test_execute_timeout_bounds_the_run(client: tdscaling.Client) -> None:
    r = client.sandbox.execute("while True: pass", timeout=0.3)
    assert r.status in (ExecutionStatus.WALL_TIMEOUT, ExecutionStatus.CPU_TIMEOUT)
    assert not r.ok


def test_execute_passes_stdin_args_env_files_and_fetches(client: tdscaling.Client) -> None:
    code = (
        "import os, sys\n"
        "data = open('in/data.txt').read()\n"
        "open('out.txt', 'w').write(data.upper() + sys.stdin.read() + ' '.join(sys.argv[1:]) + os.environ['GREETING'])\n"
    )
    r = client.sandbox.execute(
        code,
        stdin="|stdin|",
        args=["a", "b"],
        env={"GREETING": "hi"},
        files={"in/data.txt": "abc"},
        fetch=["out.txt"],
    )
    assert r.ok, r.stderr_text
    assert r.files == {"out.txt": b"ABC|stdin|a bhi"}


def test_execute_bash_and_sqlite(client: tdscaling.Client) -> None:
    r = client.sandbox.execute("echo $((2 + 3))", language="bash")
    assert r.ok and r.stdout_text == "5\n"
    setup = client.sandbox.execute(
        "import sqlite3\nc = sqlite3.connect('t.db')\nc.execute('create table t(x)')\n"
        "c.executemany('insert into t values (?)', [(1,), (2,), (4,)])\nc.commit()",
        fetch=["t.db"],
    )
    assert setup.ok, setup.stderr_text
    r = client.sandbox.execute("select sum(x) from t;", language="sqlite", files={"t.db": setup.files["t.db"]}, database="t.db")
    assert r.ok, r.stderr_text
    assert r.stdout_text.strip() == "7"


def test_execute_entry_runs_a_file(client: tdscaling.Client) -> None:
    r = client.sandbox.execute(entry="main.py", files={"main.py": "print('from file')"})
    assert r.ok and r.stdout_text == "from file\n"


def test_invalid_request_raises_typed_error_with_field_violations(client: tdscaling.Client) -> None:
    with pytest.raises(tdscaling.InvalidArgumentError) as info:
        client.sandbox.execute("print(1)", files={"../escape.txt": "x"}, limits=Limits(memory_bytes=1))
    err = info.value
    assert isinstance(err, tdscaling.TDScalingError)
    assert err.code is grpc.StatusCode.INVALID_ARGUMENT
    assert err.reason == "ERROR_REASON_INVALID_ARGUMENT"
    fields = {v.field for v in err.field_violations}
    assert fields == {"files[0].path", "limits.memory_bytes"}
    assert all(v.description for v in err.field_violations)
    assert "files[0].path" in str(err)


def test_empty_program_is_refused(client: tdscaling.Client) -> None:
    with pytest.raises(tdscaling.InvalidArgumentError) as info:
        client.sandbox.execute("")
    assert [v.field for v in info.value.field_violations] == ["code"]


def test_unknown_language_is_refused_before_sending(client: tdscaling.Client) -> None:
    with pytest.raises(ValueError, match="cobol"):
        client.sandbox.execute("x", language="cobol")


def test_info_lists_runtimes(client: tdscaling.Client) -> None:
    info = client.sandbox.info()
    assert info.slots > 0
    assert info.isolation
    python = [r for r in info.runtimes if r.language == "python"]
    assert python and python[0].path.startswith("/") and python[0].version


def test_execute_many_returns_results_in_order(client: tdscaling.Client) -> None:
    jobs = [f"print({i} * {i})" for i in range(24)]
    results = client.sandbox.execute_many(jobs)
    assert len(results) == 24
    for i, r in enumerate(results):
        assert isinstance(r, tdscaling.ExecutionResult) and r.ok
        assert r.stdout_text == f"{i * i}\n"


def test_execute_many_keeps_going_past_a_refused_job(client: tdscaling.Client) -> None:
    jobs = [
        Execution(code="print('a')"),
        Execution(code="print('b')", files={"/abs": "x"}),
        Execution(code="exit 4", language="bash"),
        "print('d')",
    ]
    results = client.sandbox.execute_many(jobs)
    a, bad, c, d = results
    assert isinstance(a, tdscaling.ExecutionResult) and a.stdout_text == "a\n"
    assert isinstance(bad, tdscaling.InvalidArgumentError)
    assert bad.reason == "ERROR_REASON_INVALID_ARGUMENT"
    assert bad.code is grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in bad.field_violations] == ["files[0].path"]
    assert isinstance(c, tdscaling.ExecutionResult) and c.status is ExecutionStatus.NONZERO_EXIT and c.exit_code == 4
    assert isinstance(d, tdscaling.ExecutionResult) and d.stdout_text == "d\n"


def test_execute_many_raise_errors(client: tdscaling.Client) -> None:
    with pytest.raises(tdscaling.InvalidArgumentError):
        client.sandbox.execute_many(["print(1)", Execution(code="")], raise_errors=True)


def test_execute_many_of_nothing(client: tdscaling.Client) -> None:
    assert client.sandbox.execute_many([]) == []


def test_missing_or_wrong_token_is_unauthenticated(endpoints: dict) -> None:
    for token in (None, "not-" + TOKEN):
        with tdscaling.Client(endpoints["sandbox"], token) as c:
            with pytest.raises(tdscaling.UnauthenticatedError) as info:
                c.sandbox.execute("print(1)")
            assert info.value.reason == "ERROR_REASON_UNAUTHENTICATED"
            with pytest.raises(tdscaling.UnauthenticatedError):
                c.sandbox.execute_many(["print(1)"])


def test_deadline_exceeded() -> None:
    # A listener that never speaks HTTP/2: the call waits for the connection
    # until its deadline passes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with tdscaling.Client("127.0.0.1:%d" % silent.getsockname()[1], TOKEN, timeout=0.3) as c:
            with pytest.raises(tdscaling.DeadlineExceededError) as info:
                c.sandbox.info()
    assert info.value.code is grpc.StatusCode.DEADLINE_EXCEEDED


def test_unreachable_server_is_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the call: nothing listens
    with tdscaling.Client(f"127.0.0.1:{port}", TOKEN, timeout=5) as c:
        with pytest.raises(tdscaling.UnavailableError):
            c.sandbox.info()


def test_metadata_goes_out_on_every_call(endpoints: dict) -> None:
    # The token sent as plain metadata authenticates just like `token`.
    md = [("authorization", f"Bearer {TOKEN}")]
    with tdscaling.Client(endpoints["sandbox"], metadata=md) as c:
        assert c.sandbox.execute("print('ok')").stdout_text == "ok\n"
        assert c.sandbox.execute_many(["print(2)"])[0].stdout_text == "2\n"  # type: ignore[union-attr]
