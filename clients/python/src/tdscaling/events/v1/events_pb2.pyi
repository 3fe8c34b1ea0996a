from tdscaling.agent.v1 import agent_service_pb2 as _agent_service_pb2
from tdscaling.evolve.v1 import evolve_pb2 as _evolve_pb2
from tdscaling.job.v1 import job_pb2 as _job_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from tdscaling.trajectory.v1 import trajectory_pb2 as _trajectory_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobCreated(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: _job_pb2.Job
    def __init__(self, job: _Optional[_Union[_job_pb2.Job, _Mapping]] = ...) -> None: ...

class JobStateChanged(_message.Message):
    __slots__ = ("job_id", "state", "reason", "stop")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    STOP_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    state: _job_pb2.JobState
    reason: str
    stop: _evolve_pb2.Stop
    def __init__(self, job_id: _Optional[str] = ..., state: _Optional[_Union[_job_pb2.JobState, str]] = ..., reason: _Optional[str] = ..., stop: _Optional[_Union[_evolve_pb2.Stop, _Mapping]] = ...) -> None: ...

class JobProgressed(_message.Message):
    __slots__ = ("job_id", "progress")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    progress: _job_pb2.Progress
    def __init__(self, job_id: _Optional[str] = ..., progress: _Optional[_Union[_job_pb2.Progress, _Mapping]] = ...) -> None: ...

class RolloutTask(_message.Message):
    __slots__ = ("task", "roles", "corpus_id", "code_tool_share", "budget", "spent")
    TASK_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_TOOL_SHARE_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    SPENT_FIELD_NUMBER: _ClassVar[int]
    task: _evolve_pb2.Task
    roles: _llm_pb2.Roles
    corpus_id: str
    code_tool_share: float
    budget: _job_pb2.Budget
    spent: _llm_pb2.Usage
    def __init__(self, task: _Optional[_Union[_evolve_pb2.Task, _Mapping]] = ..., roles: _Optional[_Union[_llm_pb2.Roles, _Mapping]] = ..., corpus_id: _Optional[str] = ..., code_tool_share: _Optional[float] = ..., budget: _Optional[_Union[_job_pb2.Budget, _Mapping]] = ..., spent: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ...) -> None: ...

class RolloutDone(_message.Message):
    __slots__ = ("result", "worker_id", "worker_window")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    WORKER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKER_WINDOW_FIELD_NUMBER: _ClassVar[int]
    result: _agent_service_pb2.RolloutResult
    worker_id: str
    worker_window: int
    def __init__(self, result: _Optional[_Union[_agent_service_pb2.RolloutResult, _Mapping]] = ..., worker_id: _Optional[str] = ..., worker_window: _Optional[int] = ...) -> None: ...

class RecordAccepted(_message.Message):
    __slots__ = ("record",)
    RECORD_FIELD_NUMBER: _ClassVar[int]
    record: _trajectory_pb2.Record
    def __init__(self, record: _Optional[_Union[_trajectory_pb2.Record, _Mapping]] = ...) -> None: ...

class RecordRejected(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: _agent_service_pb2.RolloutResult
    def __init__(self, result: _Optional[_Union[_agent_service_pb2.RolloutResult, _Mapping]] = ...) -> None: ...

class TaskDeadLettered(_message.Message):
    __slots__ = ("task", "deliveries", "last_error")
    TASK_FIELD_NUMBER: _ClassVar[int]
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    task: _evolve_pb2.Task
    deliveries: int
    last_error: str
    def __init__(self, task: _Optional[_Union[_evolve_pb2.Task, _Mapping]] = ..., deliveries: _Optional[int] = ..., last_error: _Optional[str] = ...) -> None: ...
