from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from typing import ClassVar as _ClassVar

DESCRIPTOR: _descriptor.FileDescriptor

class ErrorReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERROR_REASON_UNSPECIFIED: _ClassVar[ErrorReason]
    ERROR_REASON_INVALID_ARGUMENT: _ClassVar[ErrorReason]
    ERROR_REASON_UNAUTHENTICATED: _ClassVar[ErrorReason]
    ERROR_REASON_PERMISSION_DENIED: _ClassVar[ErrorReason]
    ERROR_REASON_JOB_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_CORPUS_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_CLUSTER_NOT_FOUND: _ClassVar[ErrorReason]
    ERROR_REASON_ALREADY_EXISTS: _ClassVar[ErrorReason]
    ERROR_REASON_OVERLOADED: _ClassVar[ErrorReason]
    ERROR_REASON_BUDGET_EXHAUSTED: _ClassVar[ErrorReason]
    ERROR_REASON_CORPUS_PARSE: _ClassVar[ErrorReason]
    ERROR_REASON_BLUEPRINT_INVALID: _ClassVar[ErrorReason]
    ERROR_REASON_NO_CLUSTERS: _ClassVar[ErrorReason]
    ERROR_REASON_LLM_UNAVAILABLE: _ClassVar[ErrorReason]
    ERROR_REASON_LLM_BAD_RESPONSE: _ClassVar[ErrorReason]
    ERROR_REASON_SANDBOX_FAILURE: _ClassVar[ErrorReason]
    ERROR_REASON_RUNTIME_NOT_INSTALLED: _ClassVar[ErrorReason]
    ERROR_REASON_JOB_STATE_CONFLICT: _ClassVar[ErrorReason]
    ERROR_REASON_UNIMPLEMENTED: _ClassVar[ErrorReason]
    ERROR_REASON_INTERNAL: _ClassVar[ErrorReason]
ERROR_REASON_UNSPECIFIED: ErrorReason
ERROR_REASON_INVALID_ARGUMENT: ErrorReason
ERROR_REASON_UNAUTHENTICATED: ErrorReason
ERROR_REASON_PERMISSION_DENIED: ErrorReason
ERROR_REASON_JOB_NOT_FOUND: ErrorReason
ERROR_REASON_CORPUS_NOT_FOUND: ErrorReason
ERROR_REASON_CLUSTER_NOT_FOUND: ErrorReason
ERROR_REASON_ALREADY_EXISTS: ErrorReason
ERROR_REASON_OVERLOADED: ErrorReason
ERROR_REASON_BUDGET_EXHAUSTED: ErrorReason
ERROR_REASON_CORPUS_PARSE: ErrorReason
ERROR_REASON_BLUEPRINT_INVALID: ErrorReason
ERROR_REASON_NO_CLUSTERS: ErrorReason
ERROR_REASON_LLM_UNAVAILABLE: ErrorReason
ERROR_REASON_LLM_BAD_RESPONSE: ErrorReason
ERROR_REASON_SANDBOX_FAILURE: ErrorReason
ERROR_REASON_RUNTIME_NOT_INSTALLED: ErrorReason
ERROR_REASON_JOB_STATE_CONFLICT: ErrorReason
ERROR_REASON_UNIMPLEMENTED: ErrorReason
ERROR_REASON_INTERNAL: ErrorReason
