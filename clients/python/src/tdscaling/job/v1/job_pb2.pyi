import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from tdscaling.cluster.v1 import cluster_pb2 as _cluster_pb2
from tdscaling.cluster.v1 import cluster_service_pb2 as _cluster_service_pb2
from tdscaling.evolve.v1 import evolve_pb2 as _evolve_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DatasetFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATASET_FORMAT_UNSPECIFIED: _ClassVar[DatasetFormat]
    DATASET_FORMAT_JSONL: _ClassVar[DatasetFormat]
    DATASET_FORMAT_PARQUET: _ClassVar[DatasetFormat]
    DATASET_FORMAT_SHAREGPT: _ClassVar[DatasetFormat]
    DATASET_FORMAT_REJECTED: _ClassVar[DatasetFormat]
    DATASET_FORMAT_REPORT: _ClassVar[DatasetFormat]
    DATASET_FORMAT_CARD: _ClassVar[DatasetFormat]

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_PENDING: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_SUCCEEDED: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
    JOB_STATE_CANCELLED: _ClassVar[JobState]
    JOB_STATE_STOPPED: _ClassVar[JobState]
DATASET_FORMAT_UNSPECIFIED: DatasetFormat
DATASET_FORMAT_JSONL: DatasetFormat
DATASET_FORMAT_PARQUET: DatasetFormat
DATASET_FORMAT_SHAREGPT: DatasetFormat
DATASET_FORMAT_REJECTED: DatasetFormat
DATASET_FORMAT_REPORT: DatasetFormat
DATASET_FORMAT_CARD: DatasetFormat
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_PENDING: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_SUCCEEDED: JobState
JOB_STATE_FAILED: JobState
JOB_STATE_CANCELLED: JobState
JOB_STATE_STOPPED: JobState

class CorpusRef(_message.Message):
    __slots__ = ("path", "corpus_id", "extra_paths")
    PATH_FIELD_NUMBER: _ClassVar[int]
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    EXTRA_PATHS_FIELD_NUMBER: _ClassVar[int]
    path: str
    corpus_id: str
    extra_paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, path: _Optional[str] = ..., corpus_id: _Optional[str] = ..., extra_paths: _Optional[_Iterable[str]] = ...) -> None: ...

class Budget(_message.Message):
    __slots__ = ("max_records", "max_llm_tokens", "max_wall_time", "max_attempts", "max_cost", "breaker")
    MAX_RECORDS_FIELD_NUMBER: _ClassVar[int]
    MAX_LLM_TOKENS_FIELD_NUMBER: _ClassVar[int]
    MAX_WALL_TIME_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    MAX_COST_FIELD_NUMBER: _ClassVar[int]
    BREAKER_FIELD_NUMBER: _ClassVar[int]
    max_records: int
    max_llm_tokens: int
    max_wall_time: _duration_pb2.Duration
    max_attempts: int
    max_cost: float
    breaker: Breaker
    def __init__(self, max_records: _Optional[int] = ..., max_llm_tokens: _Optional[int] = ..., max_wall_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_attempts: _Optional[int] = ..., max_cost: _Optional[float] = ..., breaker: _Optional[_Union[Breaker, _Mapping]] = ...) -> None: ...

class Breaker(_message.Message):
    __slots__ = ("disabled", "window", "max_rejection_rate", "min_attempts", "same_failure_streak")
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    MAX_REJECTION_RATE_FIELD_NUMBER: _ClassVar[int]
    MIN_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    SAME_FAILURE_STREAK_FIELD_NUMBER: _ClassVar[int]
    disabled: bool
    window: int
    max_rejection_rate: float
    min_attempts: int
    same_failure_streak: int
    def __init__(self, disabled: _Optional[bool] = ..., window: _Optional[int] = ..., max_rejection_rate: _Optional[float] = ..., min_attempts: _Optional[int] = ..., same_failure_streak: _Optional[int] = ...) -> None: ...

class JobSpec(_message.Message):
    __slots__ = ("name", "corpus", "target_records", "strategy", "roles", "budget", "code_tool_share", "seed", "output_dir", "formats", "clustering", "labels")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    CORPUS_FIELD_NUMBER: _ClassVar[int]
    TARGET_RECORDS_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    CODE_TOOL_SHARE_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_DIR_FIELD_NUMBER: _ClassVar[int]
    FORMATS_FIELD_NUMBER: _ClassVar[int]
    CLUSTERING_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    name: str
    corpus: CorpusRef
    target_records: int
    strategy: _evolve_pb2.StrategySpec
    roles: _llm_pb2.Roles
    budget: Budget
    code_tool_share: float
    seed: int
    output_dir: str
    formats: _containers.RepeatedScalarFieldContainer[DatasetFormat]
    clustering: _cluster_pb2.ClusterOptions
    labels: _containers.ScalarMap[str, str]
    def __init__(self, name: _Optional[str] = ..., corpus: _Optional[_Union[CorpusRef, _Mapping]] = ..., target_records: _Optional[int] = ..., strategy: _Optional[_Union[_evolve_pb2.StrategySpec, _Mapping]] = ..., roles: _Optional[_Union[_llm_pb2.Roles, _Mapping]] = ..., budget: _Optional[_Union[Budget, _Mapping]] = ..., code_tool_share: _Optional[float] = ..., seed: _Optional[int] = ..., output_dir: _Optional[str] = ..., formats: _Optional[_Iterable[_Union[DatasetFormat, str]]] = ..., clustering: _Optional[_Union[_cluster_pb2.ClusterOptions, _Mapping]] = ..., labels: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Progress(_message.Message):
    __slots__ = ("target", "accepted", "rejected", "in_flight", "dead_lettered", "rate", "eta", "h_dom", "h_mode", "cac_mean", "cac_p90", "near_duplicate_rate", "usage", "at", "written", "h_request", "requests_per_record", "rejections")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERED_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    ETA_FIELD_NUMBER: _ClassVar[int]
    H_DOM_FIELD_NUMBER: _ClassVar[int]
    H_MODE_FIELD_NUMBER: _ClassVar[int]
    CAC_MEAN_FIELD_NUMBER: _ClassVar[int]
    CAC_P90_FIELD_NUMBER: _ClassVar[int]
    NEAR_DUPLICATE_RATE_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_FIELD_NUMBER: _ClassVar[int]
    H_REQUEST_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_PER_RECORD_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    target: int
    accepted: int
    rejected: int
    in_flight: int
    dead_lettered: int
    rate: float
    eta: _duration_pb2.Duration
    h_dom: float
    h_mode: float
    cac_mean: float
    cac_p90: float
    near_duplicate_rate: float
    usage: _llm_pb2.Usage
    at: _timestamp_pb2.Timestamp
    written: int
    h_request: float
    requests_per_record: float
    rejections: _containers.RepeatedCompositeFieldContainer[_evolve_pb2.Count]
    def __init__(self, target: _Optional[int] = ..., accepted: _Optional[int] = ..., rejected: _Optional[int] = ..., in_flight: _Optional[int] = ..., dead_lettered: _Optional[int] = ..., rate: _Optional[float] = ..., eta: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., h_dom: _Optional[float] = ..., h_mode: _Optional[float] = ..., cac_mean: _Optional[float] = ..., cac_p90: _Optional[float] = ..., near_duplicate_rate: _Optional[float] = ..., usage: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., written: _Optional[int] = ..., h_request: _Optional[float] = ..., requests_per_record: _Optional[float] = ..., rejections: _Optional[_Iterable[_Union[_evolve_pb2.Count, _Mapping]]] = ...) -> None: ...

class Job(_message.Message):
    __slots__ = ("id", "spec", "state", "progress", "reason", "output_dir", "created_at", "updated_at", "finished_at", "corpus_id", "clustering_id", "corpus_licenses", "stop", "dataset_written", "partial", "corpus_skipped", "corpus_skipped_records", "resumes")
    ID_FIELD_NUMBER: _ClassVar[int]
    SPEC_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_DIR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTERING_ID_FIELD_NUMBER: _ClassVar[int]
    CORPUS_LICENSES_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    DATASET_WRITTEN_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_FIELD_NUMBER: _ClassVar[int]
    CORPUS_SKIPPED_FIELD_NUMBER: _ClassVar[int]
    CORPUS_SKIPPED_RECORDS_FIELD_NUMBER: _ClassVar[int]
    RESUMES_FIELD_NUMBER: _ClassVar[int]
    id: str
    spec: JobSpec
    state: JobState
    progress: Progress
    reason: str
    output_dir: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    corpus_id: str
    clustering_id: str
    corpus_licenses: _containers.RepeatedScalarFieldContainer[str]
    stop: _evolve_pb2.Stop
    dataset_written: bool
    partial: bool
    corpus_skipped: int
    corpus_skipped_records: _containers.RepeatedCompositeFieldContainer[_cluster_service_pb2.ImportIssue]
    resumes: int
    def __init__(self, id: _Optional[str] = ..., spec: _Optional[_Union[JobSpec, _Mapping]] = ..., state: _Optional[_Union[JobState, str]] = ..., progress: _Optional[_Union[Progress, _Mapping]] = ..., reason: _Optional[str] = ..., output_dir: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., corpus_id: _Optional[str] = ..., clustering_id: _Optional[str] = ..., corpus_licenses: _Optional[_Iterable[str]] = ..., stop: _Optional[_Union[_evolve_pb2.Stop, _Mapping]] = ..., dataset_written: _Optional[bool] = ..., partial: _Optional[bool] = ..., corpus_skipped: _Optional[int] = ..., corpus_skipped_records: _Optional[_Iterable[_Union[_cluster_service_pb2.ImportIssue, _Mapping]]] = ..., resumes: _Optional[int] = ...) -> None: ...
