import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Endpoint(_message.Message):
    __slots__ = ("provider", "base_url", "model", "api_key_env", "api_key_file", "temperature", "max_tokens", "max_concurrency", "timeout", "max_retries", "top_p", "guidance", "parallel_tool_calls", "structured_output", "length_retry_max_tokens", "min_concurrency", "price")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    API_KEY_ENV_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FILE_FIELD_NUMBER: _ClassVar[int]
    TEMPERATURE_FIELD_NUMBER: _ClassVar[int]
    MAX_TOKENS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    MAX_RETRIES_FIELD_NUMBER: _ClassVar[int]
    TOP_P_FIELD_NUMBER: _ClassVar[int]
    GUIDANCE_FIELD_NUMBER: _ClassVar[int]
    PARALLEL_TOOL_CALLS_FIELD_NUMBER: _ClassVar[int]
    STRUCTURED_OUTPUT_FIELD_NUMBER: _ClassVar[int]
    LENGTH_RETRY_MAX_TOKENS_FIELD_NUMBER: _ClassVar[int]
    MIN_CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    provider: str
    base_url: str
    model: str
    api_key_env: str
    api_key_file: str
    temperature: float
    max_tokens: int
    max_concurrency: int
    timeout: _duration_pb2.Duration
    max_retries: int
    top_p: float
    guidance: str
    parallel_tool_calls: bool
    structured_output: str
    length_retry_max_tokens: int
    min_concurrency: int
    price: Price
    def __init__(self, provider: _Optional[str] = ..., base_url: _Optional[str] = ..., model: _Optional[str] = ..., api_key_env: _Optional[str] = ..., api_key_file: _Optional[str] = ..., temperature: _Optional[float] = ..., max_tokens: _Optional[int] = ..., max_concurrency: _Optional[int] = ..., timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., max_retries: _Optional[int] = ..., top_p: _Optional[float] = ..., guidance: _Optional[str] = ..., parallel_tool_calls: _Optional[bool] = ..., structured_output: _Optional[str] = ..., length_retry_max_tokens: _Optional[int] = ..., min_concurrency: _Optional[int] = ..., price: _Optional[_Union[Price, _Mapping]] = ...) -> None: ...

class Price(_message.Message):
    __slots__ = ("input_per_million", "output_per_million")
    INPUT_PER_MILLION_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_PER_MILLION_FIELD_NUMBER: _ClassVar[int]
    input_per_million: float
    output_per_million: float
    def __init__(self, input_per_million: _Optional[float] = ..., output_per_million: _Optional[float] = ...) -> None: ...

class Roles(_message.Message):
    __slots__ = ("planner", "user_simulator", "assistant", "tool_simulator", "judge")
    PLANNER_FIELD_NUMBER: _ClassVar[int]
    USER_SIMULATOR_FIELD_NUMBER: _ClassVar[int]
    ASSISTANT_FIELD_NUMBER: _ClassVar[int]
    TOOL_SIMULATOR_FIELD_NUMBER: _ClassVar[int]
    JUDGE_FIELD_NUMBER: _ClassVar[int]
    planner: Endpoint
    user_simulator: Endpoint
    assistant: Endpoint
    tool_simulator: Endpoint
    judge: Endpoint
    def __init__(self, planner: _Optional[_Union[Endpoint, _Mapping]] = ..., user_simulator: _Optional[_Union[Endpoint, _Mapping]] = ..., assistant: _Optional[_Union[Endpoint, _Mapping]] = ..., tool_simulator: _Optional[_Union[Endpoint, _Mapping]] = ..., judge: _Optional[_Union[Endpoint, _Mapping]] = ...) -> None: ...

class Usage(_message.Message):
    __slots__ = ("prompt_tokens", "completion_tokens", "llm_calls", "cached_calls", "by_role", "cost")
    class ByRoleEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: Usage
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[Usage, _Mapping]] = ...) -> None: ...
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    LLM_CALLS_FIELD_NUMBER: _ClassVar[int]
    CACHED_CALLS_FIELD_NUMBER: _ClassVar[int]
    BY_ROLE_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    prompt_tokens: int
    completion_tokens: int
    llm_calls: int
    cached_calls: int
    by_role: _containers.MessageMap[str, Usage]
    cost: float
    def __init__(self, prompt_tokens: _Optional[int] = ..., completion_tokens: _Optional[int] = ..., llm_calls: _Optional[int] = ..., cached_calls: _Optional[int] = ..., by_role: _Optional[_Mapping[str, Usage]] = ..., cost: _Optional[float] = ...) -> None: ...
