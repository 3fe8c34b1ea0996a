from tdscaling.blueprint.v1 import blueprint_pb2 as _blueprint_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from tdscaling.tool.v1 import tool_pb2 as _tool_pb2
from tdscaling.trajectory.v1 import trajectory_pb2 as _trajectory_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RolloutRequest(_message.Message):
    __slots__ = ("blueprint", "tools", "roles", "job_id", "task_id", "seed", "max_corrections")
    BLUEPRINT_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    MAX_CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    blueprint: _blueprint_pb2.Blueprint
    tools: _containers.RepeatedCompositeFieldContainer[_tool_pb2.Tool]
    roles: _llm_pb2.Roles
    job_id: str
    task_id: str
    seed: int
    max_corrections: int
    def __init__(self, blueprint: _Optional[_Union[_blueprint_pb2.Blueprint, _Mapping]] = ..., tools: _Optional[_Iterable[_Union[_tool_pb2.Tool, _Mapping]]] = ..., roles: _Optional[_Union[_llm_pb2.Roles, _Mapping]] = ..., job_id: _Optional[str] = ..., task_id: _Optional[str] = ..., seed: _Optional[int] = ..., max_corrections: _Optional[int] = ...) -> None: ...

class RolloutResult(_message.Message):
    __slots__ = ("task_id", "job_id", "record", "passed", "rejections", "usage", "corrections")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    job_id: str
    record: _trajectory_pb2.Record
    passed: bool
    rejections: _containers.RepeatedCompositeFieldContainer[_trajectory_pb2.Rejection]
    usage: _llm_pb2.Usage
    corrections: int
    def __init__(self, task_id: _Optional[str] = ..., job_id: _Optional[str] = ..., record: _Optional[_Union[_trajectory_pb2.Record, _Mapping]] = ..., passed: _Optional[bool] = ..., rejections: _Optional[_Iterable[_Union[_trajectory_pb2.Rejection, _Mapping]]] = ..., usage: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ..., corrections: _Optional[int] = ...) -> None: ...

class RolloutResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: RolloutResult
    def __init__(self, result: _Optional[_Union[RolloutResult, _Mapping]] = ...) -> None: ...
