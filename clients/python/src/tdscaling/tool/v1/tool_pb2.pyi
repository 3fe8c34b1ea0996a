import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ToolFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOOL_FORMAT_UNSPECIFIED: _ClassVar[ToolFormat]
    TOOL_FORMAT_TDS_JSONL: _ClassVar[ToolFormat]
    TOOL_FORMAT_MCP_TOOLS_LIST: _ClassVar[ToolFormat]
    TOOL_FORMAT_OPENAI_TOOLS: _ClassVar[ToolFormat]
    TOOL_FORMAT_OPENAPI: _ClassVar[ToolFormat]
TOOL_FORMAT_UNSPECIFIED: ToolFormat
TOOL_FORMAT_TDS_JSONL: ToolFormat
TOOL_FORMAT_MCP_TOOLS_LIST: ToolFormat
TOOL_FORMAT_OPENAI_TOOLS: ToolFormat
TOOL_FORMAT_OPENAPI: ToolFormat

class Tool(_message.Message):
    __slots__ = ("id", "name", "description", "input_schema_json", "output_schema_json", "output_schema_inferred", "service", "domain", "source", "license", "labels", "corpus_id")
    class LabelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    INPUT_SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_SCHEMA_INFERRED_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LICENSE_FIELD_NUMBER: _ClassVar[int]
    LABELS_FIELD_NUMBER: _ClassVar[int]
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    description: str
    input_schema_json: str
    output_schema_json: str
    output_schema_inferred: bool
    service: str
    domain: str
    source: str
    license: str
    labels: _containers.ScalarMap[str, str]
    corpus_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., input_schema_json: _Optional[str] = ..., output_schema_json: _Optional[str] = ..., output_schema_inferred: _Optional[bool] = ..., service: _Optional[str] = ..., domain: _Optional[str] = ..., source: _Optional[str] = ..., license: _Optional[str] = ..., labels: _Optional[_Mapping[str, str]] = ..., corpus_id: _Optional[str] = ...) -> None: ...

class Corpus(_message.Message):
    __slots__ = ("id", "name", "tool_count", "service_count", "domain_count", "licenses", "created_at", "updated_at", "owner", "shared")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOOL_COUNT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_COUNT_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_COUNT_FIELD_NUMBER: _ClassVar[int]
    LICENSES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    tool_count: int
    service_count: int
    domain_count: int
    licenses: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    owner: str
    shared: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., tool_count: _Optional[int] = ..., service_count: _Optional[int] = ..., domain_count: _Optional[int] = ..., licenses: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., owner: _Optional[str] = ..., shared: _Optional[bool] = ...) -> None: ...
