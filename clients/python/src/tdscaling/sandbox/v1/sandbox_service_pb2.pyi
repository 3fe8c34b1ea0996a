import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from tdscaling.errors.v1 import errors_pb2 as _errors_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Language(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LANGUAGE_UNSPECIFIED: _ClassVar[Language]
    LANGUAGE_PYTHON: _ClassVar[Language]
    LANGUAGE_BASH: _ClassVar[Language]
    LANGUAGE_SQLITE: _ClassVar[Language]

class Status(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATUS_UNSPECIFIED: _ClassVar[Status]
    STATUS_OK: _ClassVar[Status]
    STATUS_NONZERO_EXIT: _ClassVar[Status]
    STATUS_SIGNALED: _ClassVar[Status]
    STATUS_WALL_TIMEOUT: _ClassVar[Status]
    STATUS_CPU_TIMEOUT: _ClassVar[Status]
    STATUS_OUT_OF_MEMORY: _ClassVar[Status]
    STATUS_OUTPUT_TRUNCATED: _ClassVar[Status]
    STATUS_SANDBOX_ERROR: _ClassVar[Status]
LANGUAGE_UNSPECIFIED: Language
LANGUAGE_PYTHON: Language
LANGUAGE_BASH: Language
LANGUAGE_SQLITE: Language
STATUS_UNSPECIFIED: Status
STATUS_OK: Status
STATUS_NONZERO_EXIT: Status
STATUS_SIGNALED: Status
STATUS_WALL_TIMEOUT: Status
STATUS_CPU_TIMEOUT: Status
STATUS_OUT_OF_MEMORY: Status
STATUS_OUTPUT_TRUNCATED: Status
STATUS_SANDBOX_ERROR: Status

class Limits(_message.Message):
    __slots__ = ("wall_time", "cpu_time", "memory_bytes", "pids", "output_bytes", "file_size_bytes")
    WALL_TIME_FIELD_NUMBER: _ClassVar[int]
    CPU_TIME_FIELD_NUMBER: _ClassVar[int]
    MEMORY_BYTES_FIELD_NUMBER: _ClassVar[int]
    PIDS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILE_SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    wall_time: _duration_pb2.Duration
    cpu_time: _duration_pb2.Duration
    memory_bytes: int
    pids: int
    output_bytes: int
    file_size_bytes: int
    def __init__(self, wall_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., cpu_time: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., memory_bytes: _Optional[int] = ..., pids: _Optional[int] = ..., output_bytes: _Optional[int] = ..., file_size_bytes: _Optional[int] = ...) -> None: ...

class File(_message.Message):
    __slots__ = ("path", "content", "mode")
    PATH_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    path: str
    content: bytes
    mode: int
    def __init__(self, path: _Optional[str] = ..., content: _Optional[bytes] = ..., mode: _Optional[int] = ...) -> None: ...

class ExecuteRequest(_message.Message):
    __slots__ = ("id", "language", "code", "entry", "stdin", "args", "files", "fetch", "limits", "env", "database")
    class EnvEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    STDIN_FIELD_NUMBER: _ClassVar[int]
    ARGS_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    FETCH_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    ENV_FIELD_NUMBER: _ClassVar[int]
    DATABASE_FIELD_NUMBER: _ClassVar[int]
    id: str
    language: Language
    code: str
    entry: str
    stdin: bytes
    args: _containers.RepeatedScalarFieldContainer[str]
    files: _containers.RepeatedCompositeFieldContainer[File]
    fetch: _containers.RepeatedScalarFieldContainer[str]
    limits: Limits
    env: _containers.ScalarMap[str, str]
    database: str
    def __init__(self, id: _Optional[str] = ..., language: _Optional[_Union[Language, str]] = ..., code: _Optional[str] = ..., entry: _Optional[str] = ..., stdin: _Optional[bytes] = ..., args: _Optional[_Iterable[str]] = ..., files: _Optional[_Iterable[_Union[File, _Mapping]]] = ..., fetch: _Optional[_Iterable[str]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ..., env: _Optional[_Mapping[str, str]] = ..., database: _Optional[str] = ...) -> None: ...

class ExecuteResponse(_message.Message):
    __slots__ = ("id", "status", "exit_code", "signal", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "wall_time_ms", "cpu_time_ms", "peak_memory_bytes", "files", "sandbox_error", "isolation")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    EXIT_CODE_FIELD_NUMBER: _ClassVar[int]
    SIGNAL_FIELD_NUMBER: _ClassVar[int]
    STDOUT_FIELD_NUMBER: _ClassVar[int]
    STDERR_FIELD_NUMBER: _ClassVar[int]
    STDOUT_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    STDERR_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    WALL_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    CPU_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    PEAK_MEMORY_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    SANDBOX_ERROR_FIELD_NUMBER: _ClassVar[int]
    ISOLATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: Status
    exit_code: int
    signal: int
    stdout: bytes
    stderr: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    wall_time_ms: int
    cpu_time_ms: int
    peak_memory_bytes: int
    files: _containers.RepeatedCompositeFieldContainer[File]
    sandbox_error: str
    isolation: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[Status, str]] = ..., exit_code: _Optional[int] = ..., signal: _Optional[int] = ..., stdout: _Optional[bytes] = ..., stderr: _Optional[bytes] = ..., stdout_truncated: _Optional[bool] = ..., stderr_truncated: _Optional[bool] = ..., wall_time_ms: _Optional[int] = ..., cpu_time_ms: _Optional[int] = ..., peak_memory_bytes: _Optional[int] = ..., files: _Optional[_Iterable[_Union[File, _Mapping]]] = ..., sandbox_error: _Optional[str] = ..., isolation: _Optional[str] = ...) -> None: ...

class ExecuteBatchRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: ExecuteRequest
    def __init__(self, request: _Optional[_Union[ExecuteRequest, _Mapping]] = ...) -> None: ...

class ExecuteBatchResponse(_message.Message):
    __slots__ = ("response", "id", "error_reason", "error_message", "field_violations")
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_REASON_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    response: ExecuteResponse
    id: str
    error_reason: _errors_pb2.ErrorReason
    error_message: str
    field_violations: _containers.RepeatedCompositeFieldContainer[FieldViolation]
    def __init__(self, response: _Optional[_Union[ExecuteResponse, _Mapping]] = ..., id: _Optional[str] = ..., error_reason: _Optional[_Union[_errors_pb2.ErrorReason, str]] = ..., error_message: _Optional[str] = ..., field_violations: _Optional[_Iterable[_Union[FieldViolation, _Mapping]]] = ...) -> None: ...

class FieldViolation(_message.Message):
    __slots__ = ("field", "description")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    field: str
    description: str
    def __init__(self, field: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ListRuntimesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Runtime(_message.Message):
    __slots__ = ("language", "path", "version")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    language: Language
    path: str
    version: str
    def __init__(self, language: _Optional[_Union[Language, str]] = ..., path: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class ListRuntimesResponse(_message.Message):
    __slots__ = ("runtimes", "isolation", "slots")
    RUNTIMES_FIELD_NUMBER: _ClassVar[int]
    ISOLATION_FIELD_NUMBER: _ClassVar[int]
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    runtimes: _containers.RepeatedCompositeFieldContainer[Runtime]
    isolation: str
    slots: int
    def __init__(self, runtimes: _Optional[_Iterable[_Union[Runtime, _Mapping]]] = ..., isolation: _Optional[str] = ..., slots: _Optional[int] = ...) -> None: ...
