from tdscaling.blueprint.v1 import blueprint_pb2 as _blueprint_pb2
from tdscaling.cluster.v1 import cluster_pb2 as _cluster_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DraftBlueprintRequest(_message.Message):
    __slots__ = ("cluster", "cluster_id", "target", "seed", "planner", "job_id", "draft_id")
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    cluster: _cluster_pb2.Cluster
    cluster_id: str
    target: _blueprint_pb2.Target
    seed: int
    planner: _llm_pb2.Endpoint
    job_id: str
    draft_id: str
    def __init__(self, cluster: _Optional[_Union[_cluster_pb2.Cluster, _Mapping]] = ..., cluster_id: _Optional[str] = ..., target: _Optional[_Union[_blueprint_pb2.Target, _Mapping]] = ..., seed: _Optional[int] = ..., planner: _Optional[_Union[_llm_pb2.Endpoint, _Mapping]] = ..., job_id: _Optional[str] = ..., draft_id: _Optional[str] = ...) -> None: ...

class DraftBlueprintResponse(_message.Message):
    __slots__ = ("blueprint", "usage", "attempts")
    BLUEPRINT_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    blueprint: _blueprint_pb2.Blueprint
    usage: _llm_pb2.Usage
    attempts: int
    def __init__(self, blueprint: _Optional[_Union[_blueprint_pb2.Blueprint, _Mapping]] = ..., usage: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ..., attempts: _Optional[int] = ...) -> None: ...

class ValidateBlueprintRequest(_message.Message):
    __slots__ = ("blueprint", "cluster")
    BLUEPRINT_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    blueprint: _blueprint_pb2.Blueprint
    cluster: _cluster_pb2.Cluster
    def __init__(self, blueprint: _Optional[_Union[_blueprint_pb2.Blueprint, _Mapping]] = ..., cluster: _Optional[_Union[_cluster_pb2.Cluster, _Mapping]] = ...) -> None: ...

class Violation(_message.Message):
    __slots__ = ("call_id", "field", "reason")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    field: str
    reason: str
    def __init__(self, call_id: _Optional[str] = ..., field: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ValidateBlueprintResponse(_message.Message):
    __slots__ = ("valid", "violations")
    VALID_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    violations: _containers.RepeatedCompositeFieldContainer[Violation]
    def __init__(self, valid: _Optional[bool] = ..., violations: _Optional[_Iterable[_Union[Violation, _Mapping]]] = ...) -> None: ...

class CancelDraftRequest(_message.Message):
    __slots__ = ("job_id", "draft_id")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFT_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    draft_id: str
    def __init__(self, job_id: _Optional[str] = ..., draft_id: _Optional[str] = ...) -> None: ...

class CancelDraftResponse(_message.Message):
    __slots__ = ("found",)
    FOUND_FIELD_NUMBER: _ClassVar[int]
    found: bool
    def __init__(self, found: _Optional[bool] = ...) -> None: ...
