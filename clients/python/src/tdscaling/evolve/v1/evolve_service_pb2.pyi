from tdscaling.agent.v1 import agent_service_pb2 as _agent_service_pb2
from tdscaling.evolve.v1 import evolve_pb2 as _evolve_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Decision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_UNSPECIFIED: _ClassVar[Decision]
    DECISION_ACCEPTED: _ClassVar[Decision]
    DECISION_REJECTED_UNVERIFIED: _ClassVar[Decision]
    DECISION_REJECTED_DUPLICATE: _ClassVar[Decision]
    DECISION_ALREADY_OBSERVED: _ClassVar[Decision]
    DECISION_DROPPED: _ClassVar[Decision]
DECISION_UNSPECIFIED: Decision
DECISION_ACCEPTED: Decision
DECISION_REJECTED_UNVERIFIED: Decision
DECISION_REJECTED_DUPLICATE: Decision
DECISION_ALREADY_OBSERVED: Decision
DECISION_DROPPED: Decision

class NextTargetsRequest(_message.Message):
    __slots__ = ("job_id", "n")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    n: int
    def __init__(self, job_id: _Optional[str] = ..., n: _Optional[int] = ...) -> None: ...

class NextTargetsResponse(_message.Message):
    __slots__ = ("tasks",)
    TASKS_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[_evolve_pb2.Task]
    def __init__(self, tasks: _Optional[_Iterable[_Union[_evolve_pb2.Task, _Mapping]]] = ...) -> None: ...

class ObserveRequest(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _agent_service_pb2.RolloutResult
    def __init__(self, result: _Optional[_Union[_agent_service_pb2.RolloutResult, _Mapping]] = ...) -> None: ...

class ObserveResponse(_message.Message):
    __slots__ = ("decision", "duplicate_of", "snapshot", "first_decision")
    DECISION_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    FIRST_DECISION_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    duplicate_of: str
    snapshot: _evolve_pb2.Snapshot
    first_decision: Decision
    def __init__(self, decision: _Optional[_Union[Decision, str]] = ..., duplicate_of: _Optional[str] = ..., snapshot: _Optional[_Union[_evolve_pb2.Snapshot, _Mapping]] = ..., first_decision: _Optional[_Union[Decision, str]] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class GetReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: _evolve_pb2.Report
    def __init__(self, report: _Optional[_Union[_evolve_pb2.Report, _Mapping]] = ...) -> None: ...
