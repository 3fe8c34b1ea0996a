"""The sandbox API: run untrusted code in isolation, one program or a batch."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Union

from google.protobuf import duration_pb2

from ._rpc import Caller
from .errors.v1 import errors_pb2
from .exceptions import FieldViolation, TDScalingError, from_reason
from .sandbox.v1 import sandbox_service_pb2 as pb
from .sandbox.v1 import sandbox_service_pb2_grpc as pb_grpc

_LANGUAGES: Dict[str, "pb.Language"] = {
    "python": pb.LANGUAGE_PYTHON,
    "bash": pb.LANGUAGE_BASH,
    "sqlite": pb.LANGUAGE_SQLITE,
    "sql": pb.LANGUAGE_SQLITE,
}


class ExecutionStatus(enum.Enum):
    """What happened to a run: the program's outcome, or SANDBOX_ERROR when the
    sandbox itself failed and the code may not have run."""

    UNSPECIFIED = pb.STATUS_UNSPECIFIED
    OK = pb.STATUS_OK
    NONZERO_EXIT = pb.STATUS_NONZERO_EXIT
    SIGNALED = pb.STATUS_SIGNALED
    WALL_TIMEOUT = pb.STATUS_WALL_TIMEOUT
    CPU_TIMEOUT = pb.STATUS_CPU_TIMEOUT
    OUT_OF_MEMORY = pb.STATUS_OUT_OF_MEMORY
    OUTPUT_TRUNCATED = pb.STATUS_OUTPUT_TRUNCATED
    SANDBOX_ERROR = pb.STATUS_SANDBOX_ERROR


@dataclass(frozen=True)
class Limits:
    """Bounds of one run; ``None`` keeps the server's default, and values above
    the server's maxima are refused with an InvalidArgumentError."""

    wall_time: Optional[float] = None
    """Seconds of wall-clock time."""
    cpu_time: Optional[float] = None
    """Seconds of CPU time."""
    memory_bytes: Optional[int] = None
    pids: Optional[int] = None
    output_bytes: Optional[int] = None
    """Cap on stdout and on stderr, each."""
    file_size_bytes: Optional[int] = None


@dataclass(frozen=True)
class Execution:
    """One program to run, for :meth:`Sandbox.execute_many`. The fields mean
    what the keyword arguments of :meth:`Sandbox.execute` mean."""

    code: str = ""
    language: str = "python"
    timeout: Optional[float] = None
    stdin: Union[bytes, str] = b""
    args: Sequence[str] = ()
    files: Mapping[str, Union[bytes, str]] = field(default_factory=dict)
    fetch: Sequence[str] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    database: str = ""
    entry: str = ""
    limits: Optional[Limits] = None


@dataclass(frozen=True)
class ExecutionResult:
    """The outcome of a run that took place (whatever the program did)."""

    status: ExecutionStatus
    exit_code: int
    signal: int
    stdout: bytes
    stderr: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    wall_time_ms: int
    cpu_time_ms: int
    peak_memory_bytes: int
    files: Mapping[str, bytes]
    """The fetched files, by path."""
    sandbox_error: str
    """Why the sandbox failed, for SANDBOX_ERROR."""
    isolation: str

    @property
    def ok(self) -> bool:
        """True when the program ran to a zero exit within its limits."""
        return self.status is ExecutionStatus.OK

    @property
    def stdout_text(self) -> str:
        return self.stdout.decode("utf-8", errors="replace")

    @property
    def stderr_text(self) -> str:
        return self.stderr.decode("utf-8", errors="replace")

    @classmethod
    def from_proto(cls, r: pb.ExecuteResponse) -> "ExecutionResult":
        return cls(
            status=ExecutionStatus(r.status),
            exit_code=r.exit_code,
            signal=r.signal,
            stdout=r.stdout,
            stderr=r.stderr,
            stdout_truncated=r.stdout_truncated,
            stderr_truncated=r.stderr_truncated,
            wall_time_ms=r.wall_time_ms,
            cpu_time_ms=r.cpu_time_ms,
            peak_memory_bytes=r.peak_memory_bytes,
            files={f.path: f.content for f in r.files},
            sandbox_error=r.sandbox_error,
            isolation=r.isolation,
        )


@dataclass(frozen=True)
class Runtime:
    """An installed language runtime."""

    language: str
    path: str
    version: str


@dataclass(frozen=True)
class SandboxInfo:
    """What a sandbox server offers."""

    runtimes: List[Runtime]
    isolation: str
    slots: int


def _duration(seconds: float) -> duration_pb2.Duration:
    d = duration_pb2.Duration()
    d.FromNanoseconds(round(seconds * 1e9))
    return d


def _language(name: str) -> "pb.Language":
    try:
        return _LANGUAGES[name.lower()]
    except KeyError:
        raise ValueError(f"language {name!r}: want one of python, bash, sqlite") from None


def _bytes(v: Union[bytes, str]) -> bytes:
    return v.encode("utf-8") if isinstance(v, str) else bytes(v)


def _request(e: Execution, request_id: str = "") -> pb.ExecuteRequest:
    req = pb.ExecuteRequest(
        id=request_id,
        language=_language(e.language),
        code=e.code,
        entry=e.entry,
        stdin=_bytes(e.stdin),
        args=list(e.args),
        fetch=list(e.fetch),
        env=dict(e.env),
        database=e.database,
    )
    for path, content in e.files.items():
        req.files.add(path=path, content=_bytes(content))
    limits = e.limits or Limits()
    wall = e.timeout if e.timeout is not None else limits.wall_time
    if wall is not None:
        req.limits.wall_time.CopyFrom(_duration(wall))
    if limits.cpu_time is not None:
        req.limits.cpu_time.CopyFrom(_duration(limits.cpu_time))
    for name in ("memory_bytes", "pids", "output_bytes", "file_size_bytes"):
        value = getattr(limits, name)
        if value is not None:
            setattr(req.limits, name, value)
    return req


class Sandbox:
    """``tdscaling.sandbox.v1.SandboxService``: isolated execution of untrusted
    code (Python, bash, SQL through sqlite3), no network, hard limits."""

    def __init__(self, stub: pb_grpc.SandboxServiceStub, caller: Caller) -> None:
        self._stub = stub
        self._caller = caller

    def execute(
        self,
        code: str = "",
        language: str = "python",
        *,
        timeout: Optional[float] = None,
        stdin: Union[bytes, str] = b"",
        args: Sequence[str] = (),
        files: Optional[Mapping[str, Union[bytes, str]]] = None,
        fetch: Sequence[str] = (),
        env: Optional[Mapping[str, str]] = None,
        database: str = "",
        entry: str = "",
        limits: Optional[Limits] = None,
    ) -> ExecutionResult:
        """Runs one program and returns its outcome.

        Args:
            code: the program (or leave it empty and name a file with ``entry``).
            language: ``"python"``, ``"bash"`` or ``"sqlite"``.
            timeout: wall-time limit of the run in seconds (the server's default
                when None); the call's own deadline extends by it.
            stdin, args, env: what the program gets.
            files: files placed in the work directory, by relative path.
            fetch: relative paths read back after the run (``result.files``).
            database: for sqlite, the path of the database among ``files``.
            limits: further limits; ``timeout`` wins over ``limits.wall_time``.

        A program that fails, times out or runs out of memory is a result, not
        an error. Raises InvalidArgumentError (with ``field_violations``) for a
        malformed request, FailedPreconditionError when the runtime is not
        installed, ResourceExhaustedError when the server is saturated.
        """
        e = Execution(
            code=code, language=language, timeout=timeout, stdin=stdin, args=args,
            files=files or {}, fetch=fetch, env=env or {}, database=database, entry=entry, limits=limits,
        )
        deadline = self._caller.timeout
        wall = timeout if timeout is not None else (limits.wall_time if limits else None)
        if deadline is not None and wall:
            deadline += wall
        resp = self._caller.unary(self._stub.Execute, _request(e), timeout=deadline)
        return ExecutionResult.from_proto(resp)

    def execute_many(
        self,
        jobs: Iterable[Union[Execution, str]],
        *,
        raise_errors: bool = False,
        timeout: Optional[float] = None,
    ) -> List[Union[ExecutionResult, TDScalingError]]:
        """Runs many programs over one ExecuteBatch stream (the server runs them
        concurrently, a slot's worth at a time) and returns their outcomes in
        the order of ``jobs``. A plain string is Python code.

        A job the server refuses (e.g. invalid) does not stop the batch: its
        place in the list holds the error :meth:`execute` would have raised.
        With ``raise_errors`` the first refusal is raised instead. ``timeout``
        bounds the whole batch in seconds (no deadline when None).
        """
        items = [j if isinstance(j, Execution) else Execution(code=j) for j in jobs]
        requests = [pb.ExecuteBatchRequest(request=_request(e, str(i))) for i, e in enumerate(items)]
        results: List[Optional[Union[ExecutionResult, TDScalingError]]] = [None] * len(items)
        if not items:
            return []
        stream = self._caller.stream(self._stub.ExecuteBatch, iter(requests), timeout=timeout)
        try:
            for resp in stream:
                if resp.HasField("response"):
                    results[int(resp.response.id)] = ExecutionResult.from_proto(resp.response)
                    continue
                err = from_reason(
                    errors_pb2.ErrorReason.Name(resp.error_reason),
                    resp.error_message,
                    [FieldViolation(v.field, v.description) for v in resp.field_violations],
                )
                if raise_errors:
                    raise err
                results[int(resp.id)] = err
        finally:
            stream.close()
        missing = sum(r is None for r in results)
        if missing:
            raise TDScalingError(f"the batch stream ended without an answer for {missing} of {len(items)} jobs")
        return results  # type: ignore[return-value]  # no None left

    def info(self) -> SandboxInfo:
        """The installed runtimes, the isolation runs get and the slot count."""
        resp = self._caller.unary(self._stub.ListRuntimes, pb.ListRuntimesRequest())
        names = {v: k for k, v in _LANGUAGES.items() if k != "sql"}
        return SandboxInfo(
            runtimes=[Runtime(names.get(r.language, str(r.language)), r.path, r.version) for r in resp.runtimes],
            isolation=resp.isolation,
            slots=resp.slots,
        )
