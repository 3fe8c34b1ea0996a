import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from tdscaling.cluster.v1 import cluster_pb2 as _cluster_pb2
from tdscaling.llm.v1 import llm_pb2 as _llm_pb2
from tdscaling.tool.v1 import tool_pb2 as _tool_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImportHeader(_message.Message):
    __slots__ = ("corpus_id", "corpus_name", "format", "source", "default_license", "default_service", "default_domain", "strict", "shared")
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CORPUS_NAME_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_LICENSE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_SERVICE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_DOMAIN_FIELD_NUMBER: _ClassVar[int]
    STRICT_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    corpus_id: str
    corpus_name: str
    format: _tool_pb2.ToolFormat
    source: str
    default_license: str
    default_service: str
    default_domain: str
    strict: bool
    shared: bool
    def __init__(self, corpus_id: _Optional[str] = ..., corpus_name: _Optional[str] = ..., format: _Optional[_Union[_tool_pb2.ToolFormat, str]] = ..., source: _Optional[str] = ..., default_license: _Optional[str] = ..., default_service: _Optional[str] = ..., default_domain: _Optional[str] = ..., strict: _Optional[bool] = ..., shared: _Optional[bool] = ...) -> None: ...

class ImportToolsRequest(_message.Message):
    __slots__ = ("header", "chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: ImportHeader
    chunk: bytes
    def __init__(self, header: _Optional[_Union[ImportHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ImportIssue(_message.Message):
    __slots__ = ("location", "reason")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    location: str
    reason: str
    def __init__(self, location: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ImportToolsResponse(_message.Message):
    __slots__ = ("corpus", "imported", "duplicates", "skipped", "issues")
    CORPUS_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    corpus: _tool_pb2.Corpus
    imported: int
    duplicates: int
    skipped: int
    issues: _containers.RepeatedCompositeFieldContainer[ImportIssue]
    def __init__(self, corpus: _Optional[_Union[_tool_pb2.Corpus, _Mapping]] = ..., imported: _Optional[int] = ..., duplicates: _Optional[int] = ..., skipped: _Optional[int] = ..., issues: _Optional[_Iterable[_Union[ImportIssue, _Mapping]]] = ...) -> None: ...

class ListCorporaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCorporaResponse(_message.Message):
    __slots__ = ("corpora",)
    CORPORA_FIELD_NUMBER: _ClassVar[int]
    corpora: _containers.RepeatedCompositeFieldContainer[_tool_pb2.Corpus]
    def __init__(self, corpora: _Optional[_Iterable[_Union[_tool_pb2.Corpus, _Mapping]]] = ...) -> None: ...

class BuildClustersRequest(_message.Message):
    __slots__ = ("corpus_id", "options", "confirmer")
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    CONFIRMER_FIELD_NUMBER: _ClassVar[int]
    corpus_id: str
    options: _cluster_pb2.ClusterOptions
    confirmer: _llm_pb2.Endpoint
    def __init__(self, corpus_id: _Optional[str] = ..., options: _Optional[_Union[_cluster_pb2.ClusterOptions, _Mapping]] = ..., confirmer: _Optional[_Union[_llm_pb2.Endpoint, _Mapping]] = ...) -> None: ...

class BuildClustersResponse(_message.Message):
    __slots__ = ("clustering_id", "cluster_count", "tool_count", "clustered_tools", "edge_count", "duration")
    CLUSTERING_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOOL_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLUSTERED_TOOLS_FIELD_NUMBER: _ClassVar[int]
    EDGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    clustering_id: str
    cluster_count: int
    tool_count: int
    clustered_tools: int
    edge_count: int
    duration: _duration_pb2.Duration
    def __init__(self, clustering_id: _Optional[str] = ..., cluster_count: _Optional[int] = ..., tool_count: _Optional[int] = ..., clustered_tools: _Optional[int] = ..., edge_count: _Optional[int] = ..., duration: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ListClustersRequest(_message.Message):
    __slots__ = ("corpus_id", "clustering_id", "domain", "page_size", "page_token", "summary_only")
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTERING_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_ONLY_FIELD_NUMBER: _ClassVar[int]
    corpus_id: str
    clustering_id: str
    domain: str
    page_size: int
    page_token: str
    summary_only: bool
    def __init__(self, corpus_id: _Optional[str] = ..., clustering_id: _Optional[str] = ..., domain: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., summary_only: _Optional[bool] = ...) -> None: ...

class ListClustersResponse(_message.Message):
    __slots__ = ("clusters", "next_page_token", "total_size")
    CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    clusters: _containers.RepeatedCompositeFieldContainer[_cluster_pb2.Cluster]
    next_page_token: str
    total_size: int
    def __init__(self, clusters: _Optional[_Iterable[_Union[_cluster_pb2.Cluster, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ...) -> None: ...

class GetClusterRequest(_message.Message):
    __slots__ = ("cluster_id",)
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    cluster_id: str
    def __init__(self, cluster_id: _Optional[str] = ...) -> None: ...

class GetClusterResponse(_message.Message):
    __slots__ = ("cluster",)
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    cluster: _cluster_pb2.Cluster
    def __init__(self, cluster: _Optional[_Union[_cluster_pb2.Cluster, _Mapping]] = ...) -> None: ...

class SelectClustersRequest(_message.Message):
    __slots__ = ("corpus_id", "clustering_id", "k", "weight_by_quality", "domains", "exclude_cluster_ids", "covered_tool_ids")
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    CLUSTERING_ID_FIELD_NUMBER: _ClassVar[int]
    K_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_BY_QUALITY_FIELD_NUMBER: _ClassVar[int]
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_CLUSTER_IDS_FIELD_NUMBER: _ClassVar[int]
    COVERED_TOOL_IDS_FIELD_NUMBER: _ClassVar[int]
    corpus_id: str
    clustering_id: str
    k: int
    weight_by_quality: bool
    domains: _containers.RepeatedScalarFieldContainer[str]
    exclude_cluster_ids: _containers.RepeatedScalarFieldContainer[str]
    covered_tool_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, corpus_id: _Optional[str] = ..., clustering_id: _Optional[str] = ..., k: _Optional[int] = ..., weight_by_quality: _Optional[bool] = ..., domains: _Optional[_Iterable[str]] = ..., exclude_cluster_ids: _Optional[_Iterable[str]] = ..., covered_tool_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Selection(_message.Message):
    __slots__ = ("cluster_id", "domain", "newly_covered", "cumulative_covered", "gain")
    CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    NEWLY_COVERED_FIELD_NUMBER: _ClassVar[int]
    CUMULATIVE_COVERED_FIELD_NUMBER: _ClassVar[int]
    GAIN_FIELD_NUMBER: _ClassVar[int]
    cluster_id: str
    domain: str
    newly_covered: int
    cumulative_covered: int
    gain: float
    def __init__(self, cluster_id: _Optional[str] = ..., domain: _Optional[str] = ..., newly_covered: _Optional[int] = ..., cumulative_covered: _Optional[int] = ..., gain: _Optional[float] = ...) -> None: ...

class SelectClustersResponse(_message.Message):
    __slots__ = ("selections", "total_tools", "covered_tools")
    SELECTIONS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_TOOLS_FIELD_NUMBER: _ClassVar[int]
    COVERED_TOOLS_FIELD_NUMBER: _ClassVar[int]
    selections: _containers.RepeatedCompositeFieldContainer[Selection]
    total_tools: int
    covered_tools: int
    def __init__(self, selections: _Optional[_Iterable[_Union[Selection, _Mapping]]] = ..., total_tools: _Optional[int] = ..., covered_tools: _Optional[int] = ...) -> None: ...

class SetCorpusSharedRequest(_message.Message):
    __slots__ = ("corpus_id", "shared")
    CORPUS_ID_FIELD_NUMBER: _ClassVar[int]
    SHARED_FIELD_NUMBER: _ClassVar[int]
    corpus_id: str
    shared: bool
    def __init__(self, corpus_id: _Optional[str] = ..., shared: _Optional[bool] = ...) -> None: ...

class SetCorpusSharedResponse(_message.Message):
    __slots__ = ("corpus",)
    CORPUS_FIELD_NUMBER: _ClassVar[int]
    corpus: _tool_pb2.Corpus
    def __init__(self, corpus: _Optional[_Union[_tool_pb2.Corpus, _Mapping]] = ...) -> None: ...
