import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from tdscaling.blueprint.v1 import blueprint_pb2 as _blueprint_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Strategy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STRATEGY_UNSPECIFIED: _ClassVar[Strategy]
    STRATEGY_TDSCALING: _ClassVar[Strategy]
    STRATEGY_UNIFORM: _ClassVar[Strategy]

class StopKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOP_KIND_UNSPECIFIED: _ClassVar[StopKind]
    STOP_KIND_TARGET: _ClassVar[StopKind]
    STOP_KIND_MAX_RECORDS: _ClassVar[StopKind]
    STOP_KIND_MAX_LLM_TOKENS: _ClassVar[StopKind]
    STOP_KIND_MAX_COST: _ClassVar[StopKind]
    STOP_KIND_MAX_ATTEMPTS: _ClassVar[StopKind]
    STOP_KIND_MAX_WALL_TIME: _ClassVar[StopKind]
    STOP_KIND_BREAKER_REJECTION_RATE: _ClassVar[StopKind]
    STOP_KIND_BREAKER_SAME_FAILURE: _ClassVar[StopKind]
    STOP_KIND_CANCELLED: _ClassVar[StopKind]
STRATEGY_UNSPECIFIED: Strategy
STRATEGY_TDSCALING: Strategy
STRATEGY_UNIFORM: Strategy
STOP_KIND_UNSPECIFIED: StopKind
STOP_KIND_TARGET: StopKind
STOP_KIND_MAX_RECORDS: StopKind
STOP_KIND_MAX_LLM_TOKENS: StopKind
STOP_KIND_MAX_COST: StopKind
STOP_KIND_MAX_ATTEMPTS: StopKind
STOP_KIND_MAX_WALL_TIME: StopKind
STOP_KIND_BREAKER_REJECTION_RATE: StopKind
STOP_KIND_BREAKER_SAME_FAILURE: StopKind
STOP_KIND_CANCELLED: StopKind

class StrategySpec(_message.Message):
    __slots__ = ("strategy", "alpha", "beta", "max_domain_share", "max_signature_share", "window", "base_complexity", "max_clusters", "max_requests_per_record")
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    BETA_FIELD_NUMBER: _ClassVar[int]
    MAX_DOMAIN_SHARE_FIELD_NUMBER: _ClassVar[int]
    MAX_SIGNATURE_SHARE_FIELD_NUMBER: _ClassVar[int]
    WINDOW_FIELD_NUMBER: _ClassVar[int]
    BASE_COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    MAX_CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    MAX_REQUESTS_PER_RECORD_FIELD_NUMBER: _ClassVar[int]
    strategy: Strategy
    alpha: float
    beta: float
    max_domain_share: float
    max_signature_share: float
    window: int
    base_complexity: int
    max_clusters: int
    max_requests_per_record: int
    def __init__(self, strategy: _Optional[_Union[Strategy, str]] = ..., alpha: _Optional[float] = ..., beta: _Optional[float] = ..., max_domain_share: _Optional[float] = ..., max_signature_share: _Optional[float] = ..., window: _Optional[int] = ..., base_complexity: _Optional[int] = ..., max_clusters: _Optional[int] = ..., max_requests_per_record: _Optional[int] = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ("id", "job_id", "cluster_id", "target", "seed")
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    cluster_id: str
    target: _blueprint_pb2.Target
    seed: int
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ..., cluster_id: _Optional[str] = ..., target: _Optional[_Union[_blueprint_pb2.Target, _Mapping]] = ..., seed: _Optional[int] = ...) -> None: ...

class Count(_message.Message):
    __slots__ = ("key", "count")
    KEY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    key: str
    count: int
    def __init__(self, key: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Bucket(_message.Message):
    __slots__ = ("lower", "upper", "count")
    LOWER_FIELD_NUMBER: _ClassVar[int]
    UPPER_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    lower: float
    upper: float
    count: int
    def __init__(self, lower: _Optional[float] = ..., upper: _Optional[float] = ..., count: _Optional[int] = ...) -> None: ...

class Snapshot(_message.Message):
    __slots__ = ("accepted", "rejected", "near_duplicates", "h_dom", "h_mode", "cac_mean", "cac_p50", "cac_p90", "distinct_domains", "distinct_signatures", "at", "h_request", "requests_per_record", "distinct_request_signatures")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REJECTED_FIELD_NUMBER: _ClassVar[int]
    NEAR_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    H_DOM_FIELD_NUMBER: _ClassVar[int]
    H_MODE_FIELD_NUMBER: _ClassVar[int]
    CAC_MEAN_FIELD_NUMBER: _ClassVar[int]
    CAC_P50_FIELD_NUMBER: _ClassVar[int]
    CAC_P90_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_DOMAINS_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_SIGNATURES_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    H_REQUEST_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_PER_RECORD_FIELD_NUMBER: _ClassVar[int]
    DISTINCT_REQUEST_SIGNATURES_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    rejected: int
    near_duplicates: int
    h_dom: float
    h_mode: float
    cac_mean: float
    cac_p50: float
    cac_p90: float
    distinct_domains: int
    distinct_signatures: int
    at: _timestamp_pb2.Timestamp
    h_request: float
    requests_per_record: float
    distinct_request_signatures: int
    def __init__(self, accepted: _Optional[int] = ..., rejected: _Optional[int] = ..., near_duplicates: _Optional[int] = ..., h_dom: _Optional[float] = ..., h_mode: _Optional[float] = ..., cac_mean: _Optional[float] = ..., cac_p50: _Optional[float] = ..., cac_p90: _Optional[float] = ..., distinct_domains: _Optional[int] = ..., distinct_signatures: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., h_request: _Optional[float] = ..., requests_per_record: _Optional[float] = ..., distinct_request_signatures: _Optional[int] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("job_id", "strategy", "final", "curve", "domains", "signatures", "primitives", "cac_histogram", "rejections", "near_duplicate_rate", "rejection_rate", "uniform_baseline", "primitives_missing", "signature_grammar_version", "requests_per_record", "request_signatures", "requests_over_cap", "realism", "usage", "stop", "attempts")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    CURVE_FIELD_NUMBER: _ClassVar[int]
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    SIGNATURES_FIELD_NUMBER: _ClassVar[int]
    PRIMITIVES_FIELD_NUMBER: _ClassVar[int]
    CAC_HISTOGRAM_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEAR_DUPLICATE_RATE_FIELD_NUMBER: _ClassVar[int]
    REJECTION_RATE_FIELD_NUMBER: _ClassVar[int]
    UNIFORM_BASELINE_FIELD_NUMBER: _ClassVar[int]
    PRIMITIVES_MISSING_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_GRAMMAR_VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_PER_RECORD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_SIGNATURES_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_OVER_CAP_FIELD_NUMBER: _ClassVar[int]
    REALISM_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    strategy: StrategySpec
    final: Snapshot
    curve: _containers.RepeatedCompositeFieldContainer[Snapshot]
    domains: _containers.RepeatedCompositeFieldContainer[Count]
    signatures: _containers.RepeatedCompositeFieldContainer[Count]
    primitives: _containers.RepeatedCompositeFieldContainer[Count]
    cac_histogram: _containers.RepeatedCompositeFieldContainer[Bucket]
    rejections: _containers.RepeatedCompositeFieldContainer[Count]
    near_duplicate_rate: float
    rejection_rate: float
    uniform_baseline: Snapshot
    primitives_missing: _containers.RepeatedScalarFieldContainer[_blueprint_pb2.ReasoningPrimitive]
    signature_grammar_version: int
    requests_per_record: _containers.RepeatedCompositeFieldContainer[Count]
    request_signatures: _containers.RepeatedCompositeFieldContainer[Count]
    requests_over_cap: int
    realism: RealismReport
    usage: _llm_pb2.Usage
    stop: Stop
    attempts: int
    def __init__(self, job_id: _Optional[str] = ..., strategy: _Optional[_Union[StrategySpec, _Mapping]] = ..., final: _Optional[_Union[Snapshot, _Mapping]] = ..., curve: _Optional[_Iterable[_Union[Snapshot, _Mapping]]] = ..., domains: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., signatures: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., primitives: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., cac_histogram: _Optional[_Iterable[_Union[Bucket, _Mapping]]] = ..., rejections: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., near_duplicate_rate: _Optional[float] = ..., rejection_rate: _Optional[float] = ..., uniform_baseline: _Optional[_Union[Snapshot, _Mapping]] = ..., primitives_missing: _Optional[_Iterable[_Union[_blueprint_pb2.ReasoningPrimitive, str]]] = ..., signature_grammar_version: _Optional[int] = ..., requests_per_record: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., request_signatures: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., requests_over_cap: _Optional[int] = ..., realism: _Optional[_Union[RealismReport, _Mapping]] = ..., usage: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ..., stop: _Optional[_Union[Stop, _Mapping]] = ..., attempts: _Optional[int] = ...) -> None: ...

class Stop(_message.Message):
    __slots__ = ("kind", "reason", "top_rejections", "example", "resume")
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    TOP_REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    EXAMPLE_FIELD_NUMBER: _ClassVar[int]
    RESUME_FIELD_NUMBER: _ClassVar[int]
    kind: StopKind
    reason: str
    top_rejections: _containers.RepeatedCompositeFieldContainer[Count]
    example: str
    resume: str
    def __init__(self, kind: _Optional[_Union[StopKind, str]] = ..., reason: _Optional[str] = ..., top_rejections: _Optional[_Iterable[_Union[Count, _Mapping]]] = ..., example: _Optional[str] = ..., resume: _Optional[str] = ...) -> None: ...

class RealismExample(_message.Message):
    __slots__ = ("value", "record_id", "detail", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    RECORD_ID_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    record_id: str
    detail: str
    count: int
    def __init__(self, value: _Optional[str] = ..., record_id: _Optional[str] = ..., detail: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class RealismShare(_message.Message):
    __slots__ = ("numerator", "denominator", "share", "example", "threshold", "bound", "meets")
    NUMERATOR_FIELD_NUMBER: _ClassVar[int]
    DENOMINATOR_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    EXAMPLE_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    BOUND_FIELD_NUMBER: _ClassVar[int]
    MEETS_FIELD_NUMBER: _ClassVar[int]
    numerator: int
    denominator: int
    share: float
    example: RealismExample
    threshold: float
    bound: str
    meets: bool
    def __init__(self, numerator: _Optional[int] = ..., denominator: _Optional[int] = ..., share: _Optional[float] = ..., example: _Optional[_Union[RealismExample, _Mapping]] = ..., threshold: _Optional[float] = ..., bound: _Optional[str] = ..., meets: _Optional[bool] = ...) -> None: ...

class RealismReport(_message.Message):
    __slots__ = ("records", "placeholder_arguments", "placeholder_outputs", "generic_outputs", "example_shape", "format", "ungrounded_arguments", "invented_failures", "dependent_records", "first_message_ngram", "answer_ngram", "reasoning_opening", "user_trigram_distinct")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    PLACEHOLDER_ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    PLACEHOLDER_OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    GENERIC_OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    EXAMPLE_SHAPE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    UNGROUNDED_ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    INVENTED_FAILURES_FIELD_NUMBER: _ClassVar[int]
    DEPENDENT_RECORDS_FIELD_NUMBER: _ClassVar[int]
    FIRST_MESSAGE_NGRAM_FIELD_NUMBER: _ClassVar[int]
    ANSWER_NGRAM_FIELD_NUMBER: _ClassVar[int]
    REASONING_OPENING_FIELD_NUMBER: _ClassVar[int]
    USER_TRIGRAM_DISTINCT_FIELD_NUMBER: _ClassVar[int]
    records: int
    placeholder_arguments: RealismShare
    placeholder_outputs: RealismShare
    generic_outputs: RealismShare
    example_shape: RealismShare
    format: RealismShare
    ungrounded_arguments: RealismShare
    invented_failures: RealismShare
    dependent_records: RealismShare
    first_message_ngram: RealismShare
    answer_ngram: RealismShare
    reasoning_opening: RealismShare
    user_trigram_distinct: RealismShare
    def __init__(self, records: _Optional[int] = ..., placeholder_arguments: _Optional[_Union[RealismShare, _Mapping]] = ..., placeholder_outputs: _Optional[_Union[RealismShare, _Mapping]] = ..., generic_outputs: _Optional[_Union[RealismShare, _Mapping]] = ..., example_shape: _Optional[_Union[RealismShare, _Mapping]] = ..., format: _Optional[_Union[RealismShare, _Mapping]] = ..., ungrounded_arguments: _Optional[_Union[RealismShare, _Mapping]] = ..., invented_failures: _Optional[_Union[RealismShare, _Mapping]] = ..., dependent_records: _Optional[_Union[RealismShare, _Mapping]] = ..., first_message_ngram: _Optional[_Union[RealismShare, _Mapping]] = ..., answer_ngram: _Optional[_Union[RealismShare, _Mapping]] = ..., reasoning_opening: _Optional[_Union[RealismShare, _Mapping]] = ..., user_trigram_distinct: _Optional[_Union[RealismShare, _Mapping]] = ...) -> None: ...
