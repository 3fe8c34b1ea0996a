from tdscaling.blueprint.v1 import blueprint_pb2 as _blueprint_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RejectReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REJECT_REASON_UNSPECIFIED: _ClassVar[RejectReason]
    REJECT_REASON_SCHEMA: _ClassVar[RejectReason]
    REJECT_REASON_BLUEPRINT: _ClassVar[RejectReason]
    REJECT_REASON_OUTCOME: _ClassVar[RejectReason]
    REJECT_REASON_JUDGE: _ClassVar[RejectReason]
    REJECT_REASON_OFF_PLAN: _ClassVar[RejectReason]
    REJECT_REASON_LLM_ERROR: _ClassVar[RejectReason]
    REJECT_REASON_SANDBOX: _ClassVar[RejectReason]
    REJECT_REASON_BUDGET: _ClassVar[RejectReason]
    REJECT_REASON_TIMEOUT: _ClassVar[RejectReason]
    REJECT_REASON_NEAR_DUPLICATE: _ClassVar[RejectReason]
    REJECT_REASON_BLUEPRINT_DRAFT: _ClassVar[RejectReason]
REJECT_REASON_UNSPECIFIED: RejectReason
REJECT_REASON_SCHEMA: RejectReason
REJECT_REASON_BLUEPRINT: RejectReason
REJECT_REASON_OUTCOME: RejectReason
REJECT_REASON_JUDGE: RejectReason
REJECT_REASON_OFF_PLAN: RejectReason
REJECT_REASON_LLM_ERROR: RejectReason
REJECT_REASON_SANDBOX: RejectReason
REJECT_REASON_BUDGET: RejectReason
REJECT_REASON_TIMEOUT: RejectReason
REJECT_REASON_NEAR_DUPLICATE: RejectReason
REJECT_REASON_BLUEPRINT_DRAFT: RejectReason

class Record(_message.Message):
    __slots__ = ("id", "job_id", "cluster_id", "blueprint_id", "domain", "reasoning_mode", "cac", "tools", "messages", "verdict", "usage", "provenance", "primitives")
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    BLUEPRINT_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    REASONING_MODE_FIELD_NUMBER: _ClassVar[int]
    CAC_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    VERDICT_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    PROVENANCE_FIELD_NUMBER: _ClassVar[int]
    PRIMITIVES_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    cluster_id: str
    blueprint_id: str
    domain: str
    reasoning_mode: str
    cac: float
    tools: _containers.RepeatedCompositeFieldContainer[ToolSpec]
    messages: _containers.RepeatedCompositeFieldContainer[Message]
    verdict: Verdict
    usage: _llm_pb2.Usage
    provenance: Provenance
    primitives: _containers.RepeatedScalarFieldContainer[_blueprint_pb2.ReasoningPrimitive]
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ..., cluster_id: _Optional[str] = ..., blueprint_id: _Optional[str] = ..., domain: _Optional[str] = ..., reasoning_mode: _Optional[str] = ..., cac: _Optional[float] = ..., tools: _Optional[_Iterable[_Union[ToolSpec, _Mapping]]] = ..., messages: _Optional[_Iterable[_Union[Message, _Mapping]]] = ..., verdict: _Optional[_Union[Verdict, _Mapping]] = ..., usage: _Optional[_Union[_llm_pb2.Usage, _Mapping]] = ..., provenance: _Optional[_Union[Provenance, _Mapping]] = ..., primitives: _Optional[_Iterable[_Union[_blueprint_pb2.ReasoningPrimitive, str]]] = ...) -> None: ...

class ToolSpec(_message.Message):
    __slots__ = ("type", "function")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    type: str
    function: FunctionSpec
    def __init__(self, type: _Optional[str] = ..., function: _Optional[_Union[FunctionSpec, _Mapping]] = ...) -> None: ...

class FunctionSpec(_message.Message):
    __slots__ = ("name", "description", "parameters_json")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_JSON_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    parameters_json: str
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., parameters_json: _Optional[str] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("role", "content", "reasoning_content", "tool_calls", "tool_call_id", "name")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    REASONING_CONTENT_FIELD_NUMBER: _ClassVar[int]
    TOOL_CALLS_FIELD_NUMBER: _ClassVar[int]
    TOOL_CALL_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    role: str
    content: str
    reasoning_content: str
    tool_calls: _containers.RepeatedCompositeFieldContainer[ToolCall]
    tool_call_id: str
    name: str
    def __init__(self, role: _Optional[str] = ..., content: _Optional[str] = ..., reasoning_content: _Optional[str] = ..., tool_calls: _Optional[_Iterable[_Union[ToolCall, _Mapping]]] = ..., tool_call_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ToolCall(_message.Message):
    __slots__ = ("id", "type", "function")
    ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    FUNCTION_FIELD_NUMBER: _ClassVar[int]
    id: str
    type: str
    function: FunctionCall
    def __init__(self, id: _Optional[str] = ..., type: _Optional[str] = ..., function: _Optional[_Union[FunctionCall, _Mapping]] = ...) -> None: ...

class FunctionCall(_message.Message):
    __slots__ = ("name", "arguments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    arguments: str
    def __init__(self, name: _Optional[str] = ..., arguments: _Optional[str] = ...) -> None: ...

class Verdict(_message.Message):
    __slots__ = ("passed", "checks", "judge_score")
    class ChecksEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: bool
        def __init__(self, key: _Optional[str] = ..., value: _Optional[bool] = ...) -> None: ...
    PASSED_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    JUDGE_SCORE_FIELD_NUMBER: _ClassVar[int]
    passed: bool
    checks: _containers.ScalarMap[str, bool]
    judge_score: float
    def __init__(self, passed: _Optional[bool] = ..., checks: _Optional[_Mapping[str, bool]] = ..., judge_score: _Optional[float] = ...) -> None: ...

class Provenance(_message.Message):
    __slots__ = ("models", "seed", "version", "strategy", "declared_outputs")
    class ModelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    MODELS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    DECLARED_OUTPUTS_FIELD_NUMBER: _ClassVar[int]
    models: _containers.ScalarMap[str, str]
    seed: int
    version: str
    strategy: str
    declared_outputs: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, models: _Optional[_Mapping[str, str]] = ..., seed: _Optional[int] = ..., version: _Optional[str] = ..., strategy: _Optional[str] = ..., declared_outputs: _Optional[_Iterable[str]] = ...) -> None: ...

class Rejection(_message.Message):
    __slots__ = ("reason", "detail", "call_id")
    REASON_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    reason: RejectReason
    detail: str
    call_id: str
    def __init__(self, reason: _Optional[_Union[RejectReason, str]] = ..., detail: _Optional[str] = ..., call_id: _Optional[str] = ...) -> None: ...
