"""The job API of the gateway: create synthesis jobs, follow their progress,
fetch their datasets."""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
import uuid
from dataclasses import dataclass
from typing import Dict, Iterator, Mapping, Optional, Sequence, Union

from google.protobuf import duration_pb2, timestamp_pb2

from ._rpc import Caller
from .exceptions import TDScalingError
from .evolve.v1 import evolve_pb2
from .job.v1 import job_pb2
from .job.v1 import job_service_pb2 as pb
from .job.v1 import job_service_pb2_grpc as pb_grpc
from .llm.v1 import llm_pb2
from .tool.v1 import tool_pb2

#: Size of the chunks a corpus file is uploaded in.
UPLOAD_CHUNK = 1 << 20

#: Dataset formats :meth:`Jobs.export` accepts, by name.
FORMATS: Dict[str, "job_pb2.DatasetFormat"] = {
    "jsonl": job_pb2.DATASET_FORMAT_JSONL,
    "parquet": job_pb2.DATASET_FORMAT_PARQUET,
    "sharegpt": job_pb2.DATASET_FORMAT_SHAREGPT,
    "rejected": job_pb2.DATASET_FORMAT_REJECTED,
    "report": job_pb2.DATASET_FORMAT_REPORT,
    "card": job_pb2.DATASET_FORMAT_CARD,
}


class JobState(enum.Enum):
    """Where a job is in its life."""

    UNSPECIFIED = job_pb2.JOB_STATE_UNSPECIFIED
    PENDING = job_pb2.JOB_STATE_PENDING
    RUNNING = job_pb2.JOB_STATE_RUNNING
    SUCCEEDED = job_pb2.JOB_STATE_SUCCEEDED
    FAILED = job_pb2.JOB_STATE_FAILED
    CANCELLED = job_pb2.JOB_STATE_CANCELLED
    STOPPED = job_pb2.JOB_STATE_STOPPED
    """Stopped before its target by a budget or the breaker (see Job.stop)."""

    @property
    def finished(self) -> bool:
        """True for the states a job never leaves."""
        return self in (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.STOPPED)


@dataclass(frozen=True)
class Breaker:
    """Stops a job whose rollouts keep failing; zero fields take the defaults
    (window 100, max_rejection_rate 0.9, min_attempts = window,
    same_failure_streak 25)."""

    disabled: bool = False
    window: int = 0
    max_rejection_rate: float = 0.0
    min_attempts: int = 0
    same_failure_streak: int = 0


@dataclass(frozen=True)
class Budget:
    """Limits that stop a job cleanly; None means unlimited (the server sets
    max_attempts to 10 per record + 100 when unset, and the breaker is on
    unless disabled). Model calls of every role count, planner and judge
    included, accepted rollouts or not."""

    max_records: Optional[int] = None
    max_llm_tokens: Optional[int] = None
    max_wall_time: Optional[float] = None
    """Seconds."""
    max_attempts: Optional[int] = None
    """Rollout attempts, accepted or not."""
    max_cost: Optional[float] = None
    """Cost at the roles' prices (``Endpoint.price``)."""
    breaker: Optional[Breaker] = None

    def to_proto(self) -> job_pb2.Budget:
        b = job_pb2.Budget()
        if self.max_records is not None:
            b.max_records = self.max_records
        if self.max_llm_tokens is not None:
            b.max_llm_tokens = self.max_llm_tokens
        if self.max_wall_time is not None:
            d = duration_pb2.Duration()
            d.FromNanoseconds(round(self.max_wall_time * 1e9))
            b.max_wall_time.CopyFrom(d)
        if self.max_attempts is not None:
            b.max_attempts = self.max_attempts
        if self.max_cost is not None:
            b.max_cost = self.max_cost
        if self.breaker is not None:
            br = self.breaker
            b.breaker.CopyFrom(
                job_pb2.Breaker(
                    disabled=br.disabled,
                    window=br.window,
                    max_rejection_rate=br.max_rejection_rate,
                    min_attempts=br.min_attempts,
                    same_failure_streak=br.same_failure_streak,
                )
            )
        return b


@dataclass(frozen=True)
class RoleUsage:
    """One role's model calls: tokens, calls, cost."""

    prompt_tokens: int
    completion_tokens: int
    llm_calls: int
    cached_calls: int
    cost: float

    @classmethod
    def from_proto(cls, u: "llm_pb2.Usage") -> "RoleUsage":
        return cls(u.prompt_tokens, u.completion_tokens, u.llm_calls, u.cached_calls, u.cost)


@dataclass(frozen=True)
class Usage(RoleUsage):
    """Every model call of a job, of every role, accepted rollouts or not;
    ``by_role`` holds each role's own ("planner", "assistant", ...)."""

    by_role: Mapping[str, RoleUsage]

    @classmethod
    def from_proto(cls, u: "llm_pb2.Usage") -> "Usage":
        return cls(
            u.prompt_tokens,
            u.completion_tokens,
            u.llm_calls,
            u.cached_calls,
            u.cost,
            by_role={k: RoleUsage.from_proto(v) for k, v in sorted(u.by_role.items())},
        )


@dataclass(frozen=True)
class Stop:
    """Why a job stopped: the kind (e.g. ``STOP_KIND_BREAKER_SAME_FAILURE``),
    a line for people, the most frequent rejection reasons, one example and
    what to do next."""

    kind: str
    reason: str
    top_rejections: Mapping[str, int]
    example: str
    resume: str

    @classmethod
    def from_proto(cls, s: "evolve_pb2.Stop") -> "Stop":
        return cls(
            kind=evolve_pb2.StopKind.Name(s.kind),
            reason=s.reason,
            top_rejections={c.key: c.count for c in s.top_rejections},
            example=s.example,
            resume=s.resume,
        )


@dataclass(frozen=True)
class Progress:
    """A job's progress at one moment: counts, rate, diversity so far."""

    target: int
    accepted: int
    rejected: int
    in_flight: int
    dead_lettered: int
    written: int
    """Accepted records the gateway's dataset sink has written."""
    rate: float
    """Accepted records per second over the recent window."""
    eta: Optional[dt.timedelta]
    h_dom: float
    h_mode: float
    h_request: float
    """Entropy of the signatures of single requests (bits): the structure of
    each request, not the combinations of requests glued into one record."""
    requests_per_record: float
    cac_mean: float
    cac_p90: float
    near_duplicate_rate: float
    at: Optional[dt.datetime]
    usage: Usage
    """Every model call so far, by role."""
    rejections: Mapping[str, int]
    """Rejections so far by reason."""

    @classmethod
    def from_proto(cls, p: job_pb2.Progress) -> "Progress":
        return cls(
            target=p.target,
            accepted=p.accepted,
            rejected=p.rejected,
            in_flight=p.in_flight,
            dead_lettered=p.dead_lettered,
            written=p.written,
            rate=p.rate,
            eta=p.eta.ToTimedelta() if p.HasField("eta") else None,
            h_dom=p.h_dom,
            h_mode=p.h_mode,
            h_request=p.h_request,
            requests_per_record=p.requests_per_record,
            cac_mean=p.cac_mean,
            cac_p90=p.cac_p90,
            near_duplicate_rate=p.near_duplicate_rate,
            at=_time(p, "at"),
            usage=Usage.from_proto(p.usage),
            rejections={c.key: c.count for c in p.rejections},
        )


@dataclass(frozen=True)
class Job:
    """A synthesis job as the gateway knows it."""

    id: str
    name: str
    state: JobState
    progress: Progress
    reason: str
    """Why the job failed, stopped or was cancelled."""
    output_dir: str
    corpus_id: str
    clustering_id: str
    created_at: Optional[dt.datetime]
    updated_at: Optional[dt.datetime]
    finished_at: Optional[dt.datetime]
    spec: job_pb2.JobSpec
    stop: Optional[Stop] = None
    """Why the job stopped issuing work, once it has."""
    dataset_written: bool = False
    """The dataset files are written (in every final state)."""
    partial: bool = False
    """The dataset holds fewer records than the target."""
    resumes: int = 0
    """How many times :meth:`Jobs.resume` continued the job."""

    @classmethod
    def from_proto(cls, j: job_pb2.Job) -> "Job":
        return cls(
            id=j.id,
            name=j.spec.name,
            state=JobState(j.state),
            progress=Progress.from_proto(j.progress),
            reason=j.reason,
            output_dir=j.output_dir,
            corpus_id=j.corpus_id,
            clustering_id=j.clustering_id,
            created_at=_time(j, "created_at"),
            updated_at=_time(j, "updated_at"),
            finished_at=_time(j, "finished_at"),
            spec=j.spec,
            stop=Stop.from_proto(j.stop) if j.HasField("stop") else None,
            dataset_written=j.dataset_written,
            partial=j.partial,
            resumes=j.resumes,
        )


@dataclass(frozen=True)
class JobUpdate:
    """One message of :meth:`Jobs.watch`."""

    state: JobState
    progress: Progress


def _time(msg: object, name: str) -> Optional[dt.datetime]:
    if not msg.HasField(name):  # type: ignore[attr-defined]
        return None
    ts: timestamp_pb2.Timestamp = getattr(msg, name)
    return ts.ToDatetime(tzinfo=dt.timezone.utc)


def _format(name: str) -> "job_pb2.DatasetFormat":
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise ValueError(f"format {name!r}: want one of {', '.join(FORMATS)}") from None


class Jobs:
    """``tdscaling.job.v1.JobService``, the gateway's public API. A job belongs
    to the token that created it."""

    def __init__(self, stub: pb_grpc.JobServiceStub, caller: Caller) -> None:
        self._stub = stub
        self._caller = caller

    def create(
        self,
        corpus: Union[str, os.PathLike[str], None] = None,
        target_records: int = 0,
        *,
        corpus_id: str = "",
        server_path: str = "",
        name: str = "",
        seed: int = 0,
        code_tool_share: Optional[float] = None,
        budget: Optional[Budget] = None,
        formats: Sequence[str] = (),
        output_dir: str = "",
        labels: Optional[Mapping[str, str]] = None,
        spec: Optional[job_pb2.JobSpec] = None,
        request_id: Optional[str] = None,
    ) -> Job:
        """Starts a synthesis job and returns it (usually PENDING).

        Args:
            corpus: a corpus file on this host (format detected from its
                content): it is uploaded (:meth:`upload_corpus`) into a new
                corpus of the caller's; or give ``corpus_id`` of a corpus
                already uploaded or shared, or ``server_path``, an absolute
                path on the gateway's host beneath its import roots
                (``--corpus.roots``).
            target_records: accepted records to produce.
            seed: makes the job reproducible.
            code_tool_share: share of trajectories with a code step (server
                default 1/6 when None).
            formats: dataset formats to write (names of :data:`FORMATS`); all
                when empty.
            spec: a ``tdscaling.job.v1.JobSpec`` carrying anything else
                (strategy, LLM roles, clustering options); the other
                arguments, when given, are set on a copy of it.
            request_id: idempotency key: a retried create with the same key
                returns the same job. A fresh one is drawn when None.

        Raises InvalidArgumentError naming the fields at fault (e.g.
        ``spec.target_records``), NotFoundError for an unknown corpus id.
        """
        s = job_pb2.JobSpec()
        if spec is not None:
            s.CopyFrom(spec)
        if corpus is not None:
            s.corpus.corpus_id = self.upload_corpus(corpus).corpus.id
        if server_path:
            s.corpus.path = server_path
        if corpus_id:
            s.corpus.corpus_id = corpus_id
        if target_records:
            s.target_records = target_records
        if name:
            s.name = name
        if seed:
            s.seed = seed
        if code_tool_share is not None:
            s.code_tool_share = code_tool_share
        if budget is not None:
            s.budget.CopyFrom(budget.to_proto())
        if formats:
            del s.formats[:]
            s.formats.extend(_format(f) for f in formats)
        if output_dir:
            s.output_dir = output_dir
        if labels:
            s.labels.update(labels)
        req = pb.CreateJobRequest(spec=s, request_id=request_id or uuid.uuid4().hex)
        return Job.from_proto(self._caller.unary(self._stub.CreateJob, req).job)

    def upload_corpus(
        self,
        path: Union[str, os.PathLike[str]],
        *,
        name: str = "",
        corpus_id: str = "",
        shared: bool = False,
        timeout: Optional[float] = None,
    ) -> pb.UploadCorpusResponse:
        """Streams a corpus file of this host to the gateway, which reads no
        file of its own outside its import roots. The new corpus (named
        ``name``, default the file's name) belongs to the caller's token;
        ``corpus_id`` adds the file to one of the caller's corpora instead;
        ``shared`` lets every token use it. Returns the corpus and the
        import's counts. Raises ResourceExhaustedError over the server's size
        limit, InvalidArgumentError for a file with no tool definitions."""
        p = pathlib.Path(path)
        if not p.is_file():  # before the call: an error inside the request stream says nothing useful
            raise FileNotFoundError(f"corpus file {p} not found (the corpus is uploaded from this host)")

        def requests() -> Iterator[pb.UploadCorpusRequest]:
            yield pb.UploadCorpusRequest(header=pb.UploadHeader(name=name or p.name, corpus_id=corpus_id, shared=shared))
            with open(p, "rb") as f:
                while chunk := f.read(UPLOAD_CHUNK):
                    yield pb.UploadCorpusRequest(chunk=chunk)

        return self._caller.unary(self._stub.UploadCorpus, requests(), timeout=timeout)

    def corpora(self) -> "list[tool_pb2.Corpus]":
        """The corpora the caller may use: its own and shared ones."""
        return list(self._caller.unary(self._stub.ListCorpora, pb.ListCorporaRequest()).corpora)

    def get(self, job_id: str) -> Job:
        """The job as it is now. Raises NotFoundError for an unknown id."""
        return Job.from_proto(self._caller.unary(self._stub.GetJob, pb.GetJobRequest(job_id=job_id)).job)

    def list(self, state: Optional[JobState] = None, *, page_size: int = 100) -> Iterator[Job]:
        """The caller's jobs (only those in ``state`` when given), fetched page by page."""
        token = ""
        while True:
            wanted = state.value if state else job_pb2.JOB_STATE_UNSPECIFIED
            req = pb.ListJobsRequest(page_size=page_size, page_token=token, state=wanted)
            resp = self._caller.unary(self._stub.ListJobs, req)
            for j in resp.jobs:
                yield Job.from_proto(j)
            token = resp.next_page_token
            if not token:
                return

    def cancel(self, job_id: str, reason: str = "") -> Job:
        """Cancels a job. Raises FailedPreconditionError when it has finished."""
        req = pb.CancelJobRequest(job_id=job_id, reason=reason)
        return Job.from_proto(self._caller.unary(self._stub.CancelJob, req).job)

    def resume(self, job_id: str, budget: Optional[Budget] = None) -> Job:
        """Continues a stopped or cancelled job into its output directory: the
        records it kept stay, and what it spent counts against ``budget``
        (which replaces the job's; None keeps it; an unset max_attempts allows
        10 per missing record + 100 more). Watch it again to its end. Raises
        FailedPreconditionError for a job that is running, succeeded or failed."""
        req = pb.ResumeJobRequest(job_id=job_id)
        if budget is not None:
            req.budget.CopyFrom(budget.to_proto())
        return Job.from_proto(self._caller.unary(self._stub.ResumeJob, req).job)

    def watch(self, job_id: str, *, timeout: Optional[float] = None) -> Iterator[JobUpdate]:
        """Yields the job's state and progress as they change, until the job
        finishes (the stream ends) or the iterator is closed. ``timeout`` bounds
        the whole watch in seconds."""
        for resp in self._caller.stream(self._stub.WatchJob, pb.WatchJobRequest(job_id=job_id), timeout=timeout):
            yield JobUpdate(state=JobState(resp.state), progress=Progress.from_proto(resp.progress))

    def export(
        self,
        job_id: str,
        path: Union[str, os.PathLike[str]],
        format: str = "jsonl",
        *,
        timeout: Optional[float] = None,
    ) -> pathlib.Path:
        """Downloads one dataset file of a finished job (succeeded, stopped or
        cancelled: the last two give a partial dataset) and returns where it
        was written. ``path`` is the file to write, or a directory to write
        the server's file name into: an existing one, or one named with a
        trailing separator (``"out/"``), which is created. The file appears
        complete or not at all.

        ``format`` is a name of :data:`FORMATS`: ``jsonl`` (trajectories in
        OpenAI chat format), ``parquet``, ``sharegpt``, ``rejected``,
        ``report`` or ``card``.
        """
        req = pb.ExportDatasetRequest(job_id=job_id, format=_format(format))
        dest = pathlib.Path(path)
        if os.fspath(path).endswith((os.sep, "/")):
            dest.mkdir(parents=True, exist_ok=True)
        tmp: Optional[pathlib.Path] = None
        out = None
        expected = -1
        written = 0
        try:
            for resp in self._caller.stream(self._stub.ExportDataset, req, timeout=timeout):
                if resp.HasField("header"):
                    if out is not None:
                        raise TDScalingError("export stream sent a second header")
                    if dest.is_dir():
                        name = pathlib.PurePath(resp.header.filename).name
                        if not name:
                            raise TDScalingError("export header names no file; pass a file path")
                        dest = dest / name
                    expected = resp.header.size_bytes
                    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.part")
                    out = open(tmp, "wb")
                elif resp.HasField("chunk"):
                    if out is None:
                        raise TDScalingError("export stream sent data before its header")
                    out.write(resp.chunk)
                    written += len(resp.chunk)
            if out is None:
                raise TDScalingError("export stream ended without a header")
            out.close()
            if written != expected:
                raise TDScalingError(f"export of {dest.name} got {written} bytes, header announced {expected}")
            os.replace(tmp, dest)  # type: ignore[arg-type]  # set with out
            tmp = None
            return dest
        finally:
            if out is not None and not out.closed:
                out.close()
            if tmp is not None:
                tmp.unlink(missing_ok=True)
