from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReasoningPrimitive(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REASONING_PRIMITIVE_UNSPECIFIED: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_SEQUENTIAL_CHAIN: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_PARALLEL_FAN_OUT: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_CONDITIONAL_BRANCH: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_ITERATION: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_ERROR_RECOVERY: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_CLARIFICATION: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_AGGREGATION: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_CODE_COMPUTATION: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_MULTI_INTENT: _ClassVar[ReasoningPrimitive]
    REASONING_PRIMITIVE_IRRELEVANCE: _ClassVar[ReasoningPrimitive]

class FailureCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FAILURE_CAUSE_UNSPECIFIED: _ClassVar[FailureCause]
    FAILURE_CAUSE_NOT_FOUND: _ClassVar[FailureCause]
    FAILURE_CAUSE_BAD_FORMAT: _ClassVar[FailureCause]
    FAILURE_CAUSE_TRANSIENT: _ClassVar[FailureCause]
    FAILURE_CAUSE_STATE: _ClassVar[FailureCause]

class CheckKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHECK_KIND_UNSPECIFIED: _ClassVar[CheckKind]
    CHECK_KIND_SCHEMA: _ClassVar[CheckKind]
    CHECK_KIND_BLUEPRINT: _ClassVar[CheckKind]
    CHECK_KIND_OUTCOME: _ClassVar[CheckKind]
    CHECK_KIND_JUDGE: _ClassVar[CheckKind]
REASONING_PRIMITIVE_UNSPECIFIED: ReasoningPrimitive
REASONING_PRIMITIVE_SEQUENTIAL_CHAIN: ReasoningPrimitive
REASONING_PRIMITIVE_PARALLEL_FAN_OUT: ReasoningPrimitive
REASONING_PRIMITIVE_CONDITIONAL_BRANCH: ReasoningPrimitive
REASONING_PRIMITIVE_ITERATION: ReasoningPrimitive
REASONING_PRIMITIVE_ERROR_RECOVERY: ReasoningPrimitive
REASONING_PRIMITIVE_CLARIFICATION: ReasoningPrimitive
REASONING_PRIMITIVE_AGGREGATION: ReasoningPrimitive
REASONING_PRIMITIVE_CODE_COMPUTATION: ReasoningPrimitive
REASONING_PRIMITIVE_MULTI_INTENT: ReasoningPrimitive
REASONING_PRIMITIVE_IRRELEVANCE: ReasoningPrimitive
FAILURE_CAUSE_UNSPECIFIED: FailureCause
FAILURE_CAUSE_NOT_FOUND: FailureCause
FAILURE_CAUSE_BAD_FORMAT: FailureCause
FAILURE_CAUSE_TRANSIENT: FailureCause
FAILURE_CAUSE_STATE: FailureCause
CHECK_KIND_UNSPECIFIED: CheckKind
CHECK_KIND_SCHEMA: CheckKind
CHECK_KIND_BLUEPRINT: CheckKind
CHECK_KIND_OUTCOME: CheckKind
CHECK_KIND_JUDGE: CheckKind

class Target(_message.Message):
    __slots__ = ("primitives", "complexity", "domain", "code_step", "best_effort", "max_requests")
    PRIMITIVES_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    CODE_STEP_FIELD_NUMBER: _ClassVar[int]
    BEST_EFFORT_FIELD_NUMBER: _ClassVar[int]
    MAX_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    primitives: _containers.RepeatedScalarFieldContainer[ReasoningPrimitive]
    complexity: int
    domain: str
    code_step: bool
    best_effort: bool
    max_requests: int
    def __init__(self, primitives: _Optional[_Iterable[_Union[ReasoningPrimitive, str]]] = ..., complexity: _Optional[int] = ..., domain: _Optional[str] = ..., code_step: _Optional[bool] = ..., best_effort: _Optional[bool] = ..., max_requests: _Optional[int] = ...) -> None: ...

class Persona(_message.Message):
    __slots__ = ("name", "role", "style", "locale")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    STYLE_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    name: str
    role: str
    style: str
    locale: str
    def __init__(self, name: _Optional[str] = ..., role: _Optional[str] = ..., style: _Optional[str] = ..., locale: _Optional[str] = ...) -> None: ...

class UserValue(_message.Message):
    __slots__ = ("value_json", "withhold_until_asked", "description", "stated_json")
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    WITHHOLD_UNTIL_ASKED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATED_JSON_FIELD_NUMBER: _ClassVar[int]
    value_json: str
    withhold_until_asked: bool
    description: str
    stated_json: str
    def __init__(self, value_json: _Optional[str] = ..., withhold_until_asked: _Optional[bool] = ..., description: _Optional[str] = ..., stated_json: _Optional[str] = ...) -> None: ...

class CallReference(_message.Message):
    __slots__ = ("call_id", "path")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    path: str
    def __init__(self, call_id: _Optional[str] = ..., path: _Optional[str] = ...) -> None: ...

class ArgumentBinding(_message.Message):
    __slots__ = ("param", "literal_json", "user", "ref")
    PARAM_FIELD_NUMBER: _ClassVar[int]
    LITERAL_JSON_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    REF_FIELD_NUMBER: _ClassVar[int]
    param: str
    literal_json: str
    user: UserValue
    ref: CallReference
    def __init__(self, param: _Optional[str] = ..., literal_json: _Optional[str] = ..., user: _Optional[_Union[UserValue, _Mapping]] = ..., ref: _Optional[_Union[CallReference, _Mapping]] = ...) -> None: ...

class Condition(_message.Message):
    __slots__ = ("subject", "operator", "value_json")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    OPERATOR_FIELD_NUMBER: _ClassVar[int]
    VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    subject: CallReference
    operator: str
    value_json: str
    def __init__(self, subject: _Optional[_Union[CallReference, _Mapping]] = ..., operator: _Optional[str] = ..., value_json: _Optional[str] = ...) -> None: ...

class ExpectedResult(_message.Message):
    __slots__ = ("fails", "error_message", "corrects_call_id", "cause", "param", "bad_value_json", "alternative")
    FAILS_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CORRECTS_CALL_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    PARAM_FIELD_NUMBER: _ClassVar[int]
    BAD_VALUE_JSON_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVE_FIELD_NUMBER: _ClassVar[int]
    fails: bool
    error_message: str
    corrects_call_id: str
    cause: FailureCause
    param: str
    bad_value_json: str
    alternative: str
    def __init__(self, fails: _Optional[bool] = ..., error_message: _Optional[str] = ..., corrects_call_id: _Optional[str] = ..., cause: _Optional[_Union[FailureCause, str]] = ..., param: _Optional[str] = ..., bad_value_json: _Optional[str] = ..., alternative: _Optional[str] = ...) -> None: ...

class PlannedCall(_message.Message):
    __slots__ = ("id", "tool_name", "tool_id", "arguments", "depends_on", "parallel_group", "intent", "expect", "condition", "for_each", "code", "code_language")
    ID_FIELD_NUMBER: _ClassVar[int]
    TOOL_NAME_FIELD_NUMBER: _ClassVar[int]
    TOOL_ID_FIELD_NUMBER: _ClassVar[int]
    ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    DEPENDS_ON_FIELD_NUMBER: _ClassVar[int]
    PARALLEL_GROUP_FIELD_NUMBER: _ClassVar[int]
    INTENT_FIELD_NUMBER: _ClassVar[int]
    EXPECT_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    FOR_EACH_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    CODE_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    id: str
    tool_name: str
    tool_id: str
    arguments: _containers.RepeatedCompositeFieldContainer[ArgumentBinding]
    depends_on: _containers.RepeatedScalarFieldContainer[str]
    parallel_group: int
    intent: int
    expect: ExpectedResult
    condition: Condition
    for_each: CallReference
    code: str
    code_language: str
    def __init__(self, id: _Optional[str] = ..., tool_name: _Optional[str] = ..., tool_id: _Optional[str] = ..., arguments: _Optional[_Iterable[_Union[ArgumentBinding, _Mapping]]] = ..., depends_on: _Optional[_Iterable[str]] = ..., parallel_group: _Optional[int] = ..., intent: _Optional[int] = ..., expect: _Optional[_Union[ExpectedResult, _Mapping]] = ..., condition: _Optional[_Union[Condition, _Mapping]] = ..., for_each: _Optional[_Union[CallReference, _Mapping]] = ..., code: _Optional[str] = ..., code_language: _Optional[str] = ...) -> None: ...

class Check(_message.Message):
    __slots__ = ("name", "kind", "description", "expect_values_json")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    EXPECT_VALUES_JSON_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: CheckKind
    description: str
    expect_values_json: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[CheckKind, str]] = ..., description: _Optional[str] = ..., expect_values_json: _Optional[_Iterable[str]] = ...) -> None: ...

class Blueprint(_message.Message):
    __slots__ = ("id", "job_id", "cluster_id", "goal", "persona", "intents", "calls", "primitives", "target_complexity", "domain", "expected_outcome", "checks", "seed", "planner")
    ID_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    GOAL_FIELD_NUMBER: _ClassVar[int]
    PERSONA_FIELD_NUMBER: _ClassVar[int]
    INTENTS_FIELD_NUMBER: _ClassVar[int]
    CALLS_FIELD_NUMBER: _ClassVar[int]
    PRIMITIVES_FIELD_NUMBER: _ClassVar[int]
    TARGET_COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    id: str
    job_id: str
    cluster_id: str
    goal: str
    persona: Persona
    intents: _containers.RepeatedScalarFieldContainer[str]
    calls: _containers.RepeatedCompositeFieldContainer[PlannedCall]
    primitives: _containers.RepeatedScalarFieldContainer[ReasoningPrimitive]
    target_complexity: int
    domain: str
    expected_outcome: str
    checks: _containers.RepeatedCompositeFieldContainer[Check]
    seed: int
    planner: str
    def __init__(self, id: _Optional[str] = ..., job_id: _Optional[str] = ..., cluster_id: _Optional[str] = ..., goal: _Optional[str] = ..., persona: _Optional[_Union[Persona, _Mapping]] = ..., intents: _Optional[_Iterable[str]] = ..., calls: _Optional[_Iterable[_Union[PlannedCall, _Mapping]]] = ..., primitives: _Optional[_Iterable[_Union[ReasoningPrimitive, str]]] = ..., target_complexity: _Optional[int] = ..., domain: _Optional[str] = ..., expected_outcome: _Optional[str] = ..., checks: _Optional[_Iterable[_Union[Check, _Mapping]]] = ..., seed: _Optional[int] = ..., planner: _Optional[str] = ...) -> None: ...
