from tdscaling.tool.v1 import tool_pb2 as _tool_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EdgeEvidence(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EDGE_EVIDENCE_UNSPECIFIED: _ClassVar[EdgeEvidence]
    EDGE_EVIDENCE_NAME_TOKEN: _ClassVar[EdgeEvidence]
    EDGE_EVIDENCE_TYPE: _ClassVar[EdgeEvidence]
    EDGE_EVIDENCE_SCHEMA_TITLE: _ClassVar[EdgeEvidence]
    EDGE_EVIDENCE_TEXT_SIMILARITY: _ClassVar[EdgeEvidence]
    EDGE_EVIDENCE_LLM_CONFIRMED: _ClassVar[EdgeEvidence]

class DomainSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOMAIN_SOURCE_UNSPECIFIED: _ClassVar[DomainSource]
    DOMAIN_SOURCE_CORPUS: _ClassVar[DomainSource]
    DOMAIN_SOURCE_TAXONOMY: _ClassVar[DomainSource]
EDGE_EVIDENCE_UNSPECIFIED: EdgeEvidence
EDGE_EVIDENCE_NAME_TOKEN: EdgeEvidence
EDGE_EVIDENCE_TYPE: EdgeEvidence
EDGE_EVIDENCE_SCHEMA_TITLE: EdgeEvidence
EDGE_EVIDENCE_TEXT_SIMILARITY: EdgeEvidence
EDGE_EVIDENCE_LLM_CONFIRMED: EdgeEvidence
DOMAIN_SOURCE_UNSPECIFIED: DomainSource
DOMAIN_SOURCE_CORPUS: DomainSource
DOMAIN_SOURCE_TAXONOMY: DomainSource

class DependencyEdge(_message.Message):
    __slots__ = ("from_tool_id", "from_field", "to_tool_id", "to_param", "score", "evidence")
    FROM_TOOL_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_FIELD_NUMBER: _ClassVar[int]
    TO_TOOL_ID_FIELD_NUMBER: _ClassVar[int]
    TO_PARAM_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    from_tool_id: str
    from_field: str
    to_tool_id: str
    to_param: str
    score: float
    evidence: _containers.RepeatedScalarFieldContainer[EdgeEvidence]
    def __init__(self, from_tool_id: _Optional[str] = ..., from_field: _Optional[str] = ..., to_tool_id: _Optional[str] = ..., to_param: _Optional[str] = ..., score: _Optional[float] = ..., evidence: _Optional[_Iterable[_Union[EdgeEvidence, str]]] = ...) -> None: ...

class ClusterStats(_message.Message):
    __slots__ = ("tool_count", "edge_count", "service_count", "mean_edge_score", "dependency_connected", "longest_chain", "quality", "inferred_output_schemas")
    TOOL_COUNT_FIELD_NUMBER: _ClassVar[int]
    EDGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SERVICE_COUNT_FIELD_NUMBER: _ClassVar[int]
    MEAN_EDGE_SCORE_FIELD_NUMBER: _ClassVar[int]
    DEPENDENCY_CONNECTED_FIELD_NUMBER: _ClassVar[int]
    LONGEST_CHAIN_FIELD_NUMBER: _ClassVar[int]
    QUALITY_FIELD_NUMBER: _ClassVar[int]
    INFERRED_OUTPUT_SCHEMAS_FIELD_NUMBER: _ClassVar[int]
    tool_count: int
    edge_count: int
    service_count: int
    mean_edge_score: float
    dependency_connected: bool
    longest_chain: int
    quality: float
    inferred_output_schemas: int
    def __init__(self, tool_count: _Optional[int] = ..., edge_count: _Optional[int] = ..., service_count: _Optional[int] = ..., mean_edge_score: _Optional[float] = ..., dependency_connected: _Optional[bool] = ..., longest_chain: _Optional[int] = ..., quality: _Optional[float] = ..., inferred_output_schemas: _Optional[int] = ...) -> None: ...

class Cluster(_message.Message):
    __slots__ = ("id", "corpus_id", "clustering_id", "tools", "edges", "domain", "domain_source", "services", "stats", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTERING_ID_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    EDGES_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_SOURCE_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    corpus_id: str
    clustering_id: str
    tools: _containers.RepeatedCompositeFieldContainer[_tool_pb2.Tool]
    edges: _containers.RepeatedCompositeFieldContainer[DependencyEdge]
    domain: str
    domain_source: DomainSource
    services: _containers.RepeatedScalarFieldContainer[str]
    stats: ClusterStats
    name: str
    def __init__(self, id: _Optional[str] = ..., corpus_id: _Optional[str] = ..., clustering_id: _Optional[str] = ..., tools: _Optional[_Iterable[_Union[_tool_pb2.Tool, _Mapping]]] = ..., edges: _Optional[_Iterable[_Union[DependencyEdge, _Mapping]]] = ..., domain: _Optional[str] = ..., domain_source: _Optional[_Union[DomainSource, str]] = ..., services: _Optional[_Iterable[str]] = ..., stats: _Optional[_Union[ClusterStats, _Mapping]] = ..., name: _Optional[str] = ...) -> None: ...

class ClusterOptions(_message.Message):
    __slots__ = ("min_size", "max_size", "blind", "llm_confirm_edges", "min_edge_score", "resolution", "seed")
    MIN_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_SIZE_FIELD_NUMBER: _ClassVar[int]
    BLIND_FIELD_NUMBER: _ClassVar[int]
    LLM_CONFIRM_EDGES_FIELD_NUMBER: _ClassVar[int]
    MIN_EDGE_SCORE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    min_size: int
    max_size: int
    blind: bool
    llm_confirm_edges: bool
    min_edge_score: float
    resolution: float
    seed: int
    def __init__(self, min_size: _Optional[int] = ..., max_size: _Optional[int] = ..., blind: _Optional[bool] = ..., llm_confirm_edges: _Optional[bool] = ..., min_edge_score: _Optional[float] = ..., resolution: _Optional[float] = ..., seed: _Optional[int] = ...) -> None: ...
