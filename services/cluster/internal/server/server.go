// Package server is the gRPC face of the cluster service: thin handlers
// that validate requests, call the importer, clustering, selection and the
// store, and map their errors to status codes in one place (errors.go).
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/cluster/internal/clustering"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
	"github.com/tdscaling/tdscaling/services/cluster/internal/importer"
	"github.com/tdscaling/tdscaling/services/cluster/internal/maxcover"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

// ConfirmerFactory makes an edge confirmer for an LLM endpoint.
type ConfirmerFactory func(ep *llmv1.Endpoint) (func(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error), error)

// Server implements ClusterService.
type Server struct {
	clusterv1.UnimplementedClusterServiceServer
	store   *store.Store
	log     *slog.Logger
	confirm ConfirmerFactory
	// builds serialises clustering: it is CPU- and memory-bound.
	builds sync.Mutex
	// peers are the principals trusted to act for others (TrustPeers).
	peers map[grpcserver.Principal]bool
}

// New returns a server over a store. confirm may be nil (no LLM confirmation).
func New(st *store.Store, log *slog.Logger, confirm ConfirmerFactory) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{store: st, log: log, confirm: confirm}
}

var formats = map[toolv1.ToolFormat]importer.Format{
	toolv1.ToolFormat_TOOL_FORMAT_UNSPECIFIED:    importer.FormatAuto,
	toolv1.ToolFormat_TOOL_FORMAT_TDS_JSONL:      importer.FormatJSONL,
	toolv1.ToolFormat_TOOL_FORMAT_MCP_TOOLS_LIST: importer.FormatMCP,
	toolv1.ToolFormat_TOOL_FORMAT_OPENAI_TOOLS:   importer.FormatOpenAI,
	toolv1.ToolFormat_TOOL_FORMAT_OPENAPI:        importer.FormatOpenAPI,
}

// maxIssues bounds the issues an import response lists.
const maxIssues = 50

// ImportTools streams a document into a corpus.
func (s *Server) ImportTools(stream clusterv1.ClusterService_ImportToolsServer) error {
	ctx := stream.Context()
	resp, err := s.importTools(ctx, stream)
	if err != nil {
		return toStatus(ctx, s.log, err)
	}
	return stream.SendAndClose(resp)
}

func (s *Server) importTools(ctx context.Context, stream clusterv1.ClusterService_ImportToolsServer) (*clusterv1.ImportToolsResponse, error) {
	first, err := stream.Recv()
	if errors.Is(err, io.EOF) {
		return nil, invalid("header", "the stream was empty: send the header first, then the document in chunks")
	}
	if err != nil {
		return nil, err
	}
	h := first.GetHeader()
	if h == nil {
		return nil, invalid("header", "the first message must be the header")
	}
	format, ok := formats[h.GetFormat()]
	if !ok {
		return nil, invalid("header.format", "unknown format %v", h.GetFormat())
	}
	if h.GetCorpusId() == "" && strings.TrimSpace(h.GetCorpusName()) == "" {
		return nil, invalid("header.corpus_name", "name the new corpus, or set corpus_id to add to an existing one")
	}
	acc := s.accessOf(ctx)
	if h.GetCorpusId() != "" {
		m, err := s.store.Corpus(ctx, h.GetCorpusId())
		if errors.Is(err, store.ErrNotFound) || (err == nil && !acc.canSee(m)) {
			return nil, corpusNotFound(h.GetCorpusId())
		} else if err != nil {
			return nil, err
		}
		if !acc.canChange(m) {
			return nil, permissionDenied("corpus %q is shared with you, not yours: import into a corpus of your own", h.GetCorpusId())
		}
	}
	pr, pw := io.Pipe()
	var recvWG sync.WaitGroup
	recvWG.Go(func() {
		for {
			msg, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				pw.Close()
				return
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
			if msg.GetHeader() != nil {
				pw.CloseWithError(invalid("header", "sent twice: only the first message is a header"))
				return
			}
			if _, err := pw.Write(msg.GetChunk()); err != nil {
				return // the importer stopped reading
			}
		}
	})
	name := h.GetSource()
	if name == "" {
		name = h.GetCorpusName()
	}
	var res importer.Result
	m, err := s.store.Import(ctx, h.GetCorpusId(), store.NewCorpus{Name: h.GetCorpusName(), Owner: acc.owner, Shared: h.GetShared()}, func(seen map[string]struct{}, emit func(*corpus.Tool) error) error {
		var err error
		res, err = importer.Import(ctx, pr, importer.Options{
			Format: format, Name: name, Source: h.GetSource(), Strict: h.GetStrict(), MaxIssues: maxIssues,
			DefaultLicense: h.GetDefaultLicense(), DefaultService: h.GetDefaultService(), DefaultDomain: h.GetDefaultDomain(),
			Seen: seen,
		}, emit)
		return err
	})
	pr.CloseWithError(io.ErrClosedPipe) // lets the receiver finish if the importer stopped early
	recvWG.Wait()
	if err != nil {
		return nil, err
	}
	out := &clusterv1.ImportToolsResponse{
		Corpus: corpusProto(m), Imported: res.Imported, Duplicates: res.Duplicates, Skipped: res.Skipped,
	}
	for _, is := range res.Issues {
		out.Issues = append(out.Issues, &clusterv1.ImportIssue{Location: is.Location, Reason: is.Reason})
	}
	s.log.InfoContext(ctx, "imported tools", "corpus", m.ID, "imported", res.Imported, "duplicates", res.Duplicates, "skipped", res.Skipped)
	return out, nil
}

func corpusProto(m *store.Manifest) *toolv1.Corpus {
	return &toolv1.Corpus{
		Id: m.ID, Name: m.Name, ToolCount: m.ToolCount,
		ServiceCount: int64(len(m.Services)), DomainCount: int64(len(m.Domains)),
		Licenses: m.Licenses, CreatedAt: timestamppb.New(m.Created), UpdatedAt: timestamppb.New(m.Updated),
		Owner: m.Owner, Shared: m.Shared,
	}
}

// ListCorpora lists the corpora.
func (s *Server) ListCorpora(ctx context.Context, _ *clusterv1.ListCorporaRequest) (*clusterv1.ListCorporaResponse, error) {
	ms, err := s.store.Corpora(ctx)
	if err != nil {
		return nil, toStatus(ctx, s.log, err)
	}
	acc := s.accessOf(ctx)
	out := &clusterv1.ListCorporaResponse{}
	for _, m := range ms {
		if acc.canSee(m) {
			out.Corpora = append(out.Corpora, corpusProto(m))
		}
	}
	return out, nil
}

// SetCorpusShared lets every principal use a corpus, or only its owner.
func (s *Server) SetCorpusShared(ctx context.Context, req *clusterv1.SetCorpusSharedRequest) (*clusterv1.SetCorpusSharedResponse, error) {
	m, err := s.corpus(ctx, req.GetCorpusId())
	if err != nil {
		return nil, toStatus(ctx, s.log, err)
	}
	if !s.accessOf(ctx).canChange(m) {
		return nil, toStatus(ctx, s.log, permissionDenied("corpus %q is not yours to share", req.GetCorpusId()))
	}
	if m, err = s.store.SetShared(ctx, m.ID, req.GetShared()); err != nil {
		return nil, toStatus(ctx, s.log, err)
	}
	s.log.InfoContext(ctx, "corpus sharing set", "corpus", m.ID, "shared", m.Shared)
	return &clusterv1.SetCorpusSharedResponse{Corpus: corpusProto(m)}, nil
}

func (s *Server) corpus(ctx context.Context, id string) (*store.Manifest, error) {
	if id == "" {
		return nil, invalid("corpus_id", "must be set")
	}
	m, err := s.store.Corpus(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !s.accessOf(ctx).canSee(m)) {
		return nil, corpusNotFound(id)
	}
	return m, err
}

// visible checks that the caller may see the clusters of corpusID: they are
// answered NotFound, as if they did not exist, otherwise.
func (s *Server) visible(ctx context.Context, corpusID string, notFound error) error {
	if s.accessOf(ctx).all {
		return nil // the hot path: services reading clusters for running jobs
	}
	m, err := s.store.Corpus(ctx, corpusID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !s.accessOf(ctx).canSee(m)) {
		return notFound
	}
	return err
}

// BuildClusters computes a corpus's dependency graph and clusters.
func (s *Server) BuildClusters(ctx context.Context, req *clusterv1.BuildClustersRequest) (*clusterv1.BuildClustersResponse, error) {
	resp, err := s.buildClusters(ctx, req)
	return resp, toStatus(ctx, s.log, err)
}

func (s *Server) buildClusters(ctx context.Context, req *clusterv1.BuildClustersRequest) (*clusterv1.BuildClustersResponse, error) {
	o := req.GetOptions()
	opt := clustering.Options{
		MinSize: int(o.GetMinSize()), MaxSize: int(o.GetMaxSize()), Blind: o.GetBlind(),
		MinEdgeScore: o.GetMinEdgeScore(), Resolution: o.GetResolution(), Seed: o.GetSeed(),
		Salt: req.GetCorpusId(),
	}
	if field, problem := opt.Validate(); field != "" {
		return nil, invalid("options."+field, "%s", problem)
	}
	if o.GetLlmConfirmEdges() {
		if req.GetConfirmer() == nil || s.confirm == nil {
			return nil, invalid("confirmer", "options.llm_confirm_edges needs a confirmer endpoint")
		}
		c, err := s.confirm(req.GetConfirmer())
		if err != nil {
			return nil, invalid("confirmer", "%v", err)
		}
		opt.Confirm = c
	}
	m, err := s.corpus(ctx, req.GetCorpusId())
	if err != nil {
		return nil, err
	}
	s.builds.Lock()
	defer s.builds.Unlock()
	start := time.Now()
	tools, err := s.store.Tools(ctx, m)
	if err != nil {
		return nil, err
	}
	res, err := clustering.Build(ctx, tools, opt)
	if err != nil {
		return nil, err
	}
	clusters := make([]*clusterv1.Cluster, len(res.Clusters))
	clustered := 0
	for i, c := range res.Clusters {
		clusters[i] = clusterProto(m.ID, res, c, tools)
		clustered += len(c.Tools)
	}
	info := store.ClusteringInfo{ID: res.ID, Created: time.Now().UTC(), Clusters: len(clusters), Blind: opt.Blind}
	if err := s.store.SaveClustering(ctx, m.ID, info, clusters); err != nil {
		return nil, err
	}
	d := time.Since(start)
	s.log.InfoContext(ctx, "built clusters", "corpus", m.ID, "clustering", res.ID, "clusters", len(clusters), "tools", len(tools), "duration", d)
	return &clusterv1.BuildClustersResponse{
		ClusteringId: res.ID, ClusterCount: int64(len(clusters)), ToolCount: int64(len(tools)),
		ClusteredTools: int64(clustered), EdgeCount: int64(res.Edges), Duration: durationpb.New(d),
	}, nil
}

var evidence = []struct {
	bit uint8
	ev  clusterv1.EdgeEvidence
}{
	{depgraph.EvidenceName, clusterv1.EdgeEvidence_EDGE_EVIDENCE_NAME_TOKEN},
	{depgraph.EvidenceType, clusterv1.EdgeEvidence_EDGE_EVIDENCE_TYPE},
	{depgraph.EvidenceTitle, clusterv1.EdgeEvidence_EDGE_EVIDENCE_SCHEMA_TITLE},
	{depgraph.EvidenceText, clusterv1.EdgeEvidence_EDGE_EVIDENCE_TEXT_SIMILARITY},
	{depgraph.EvidenceLLM, clusterv1.EdgeEvidence_EDGE_EVIDENCE_LLM_CONFIRMED},
}

func clusterProto(corpusID string, res *clustering.Result, c clustering.Cluster, tools []*corpus.Tool) *clusterv1.Cluster {
	out := &clusterv1.Cluster{
		Id: c.ID, CorpusId: corpusID, ClusteringId: res.ID, Domain: c.Domain, Services: c.Services, Name: c.Name,
		DomainSource: clusterv1.DomainSource_DOMAIN_SOURCE_CORPUS,
		Stats: &clusterv1.ClusterStats{
			ToolCount: int32(c.Stats.ToolCount), EdgeCount: int32(c.Stats.EdgeCount), ServiceCount: int32(c.Stats.ServiceCount),
			MeanEdgeScore: c.Stats.MeanEdgeScore, DependencyConnected: c.Stats.DependencyConnected,
			LongestChain: int32(c.Stats.LongestChain), Quality: c.Stats.Quality, InferredOutputSchemas: int32(c.Stats.InferredOutputs),
		},
	}
	if c.DomainSource == clustering.DomainFromTaxonomy {
		out.DomainSource = clusterv1.DomainSource_DOMAIN_SOURCE_TAXONOMY
	}
	for _, ti := range c.Tools {
		t := tools[ti]
		pt := &toolv1.Tool{
			Id: t.ID, Name: t.Name, Description: t.Description, InputSchemaJson: string(t.InputSchema),
			OutputSchemaJson: string(t.OutputSchema), Service: t.Service, Domain: t.Domain,
			Source: t.Source, License: t.License, CorpusId: corpusID,
		}
		if inf, ok := res.Inferred[ti]; ok {
			pt.OutputSchemaJson, pt.OutputSchemaInferred = string(inf), true
		}
		out.Tools = append(out.Tools, pt)
	}
	for _, e := range c.Edges {
		pe := &clusterv1.DependencyEdge{
			FromToolId: tools[e.From].ID, FromField: e.FromField, ToToolId: tools[e.To].ID, ToParam: e.ToParam, Score: float64(e.Score),
		}
		for _, ev := range evidence {
			if e.Evidence&ev.bit != 0 {
				pe.Evidence = append(pe.Evidence, ev.ev)
			}
		}
		out.Edges = append(out.Edges, pe)
	}
	return out
}

// clustering resolves a request's clustering: the given one, or the corpus's latest.
func (s *Server) clustering(ctx context.Context, corpusID, clusteringID string) ([]*clusterv1.Cluster, error) {
	if clusteringID == "" {
		m, err := s.corpus(ctx, corpusID)
		if err != nil {
			return nil, err
		}
		if clusteringID = m.Latest(); clusteringID == "" {
			return nil, &noClustersError{corpusID}
		}
	}
	cs, err := s.store.Clustering(ctx, clusteringID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, clusterNotFound(fmt.Sprintf("clustering %q", clusteringID))
	}
	if err != nil {
		return nil, err
	}
	if len(cs) > 0 {
		if err := s.visible(ctx, cs[0].GetCorpusId(), clusterNotFound(fmt.Sprintf("clustering %q", clusteringID))); err != nil {
			return nil, err
		}
	}
	if corpusID != "" && len(cs) > 0 && cs[0].GetCorpusId() != corpusID {
		return nil, invalid("clustering_id", "clustering %q belongs to corpus %q, not %q", clusteringID, cs[0].GetCorpusId(), corpusID)
	}
	return cs, nil
}

const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// ListClusters pages through a clustering.
func (s *Server) ListClusters(ctx context.Context, req *clusterv1.ListClustersRequest) (*clusterv1.ListClustersResponse, error) {
	resp, err := s.listClusters(ctx, req)
	return resp, toStatus(ctx, s.log, err)
}

func (s *Server) listClusters(ctx context.Context, req *clusterv1.ListClustersRequest) (*clusterv1.ListClustersResponse, error) {
	if req.GetCorpusId() == "" && req.GetClusteringId() == "" {
		return nil, invalid("corpus_id", "set corpus_id (its latest clustering) or clustering_id")
	}
	size := int(req.GetPageSize()) // not negative, by the contract's rules
	switch {
	case size == 0:
		size = defaultPageSize
	case size > maxPageSize:
		size = maxPageSize
	}
	offset := 0
	if tok := req.GetPageToken(); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 {
			return nil, invalid("page_token", "not a token this service issued")
		}
		offset = n
	}
	cs, err := s.clustering(ctx, req.GetCorpusId(), req.GetClusteringId())
	if err != nil {
		return nil, err
	}
	if d := req.GetDomain(); d != "" {
		cs = slices.DeleteFunc(slices.Clone(cs), func(c *clusterv1.Cluster) bool { return c.GetDomain() != d })
	}
	out := &clusterv1.ListClustersResponse{TotalSize: int64(len(cs))}
	end := min(offset+size, len(cs))
	for i := offset; i < end; i++ {
		c := cs[i]
		if req.GetSummaryOnly() {
			c = &clusterv1.Cluster{Id: c.Id, CorpusId: c.CorpusId, ClusteringId: c.ClusteringId, Domain: c.Domain,
				DomainSource: c.DomainSource, Services: c.Services, Stats: c.Stats, Name: c.Name}
		}
		out.Clusters = append(out.Clusters, c)
	}
	if end < len(cs) {
		out.NextPageToken = strconv.Itoa(end)
	}
	return out, nil
}

// GetCluster returns one cluster with its tools and edges.
func (s *Server) GetCluster(ctx context.Context, req *clusterv1.GetClusterRequest) (*clusterv1.GetClusterResponse, error) {
	resp, err := s.getCluster(ctx, req)
	return resp, toStatus(ctx, s.log, err)
}

func (s *Server) getCluster(ctx context.Context, req *clusterv1.GetClusterRequest) (*clusterv1.GetClusterResponse, error) {
	id := req.GetClusterId() // required by the contract's rules
	dash := strings.LastIndexByte(id, '-')
	if dash <= 0 {
		return nil, clusterNotFound(fmt.Sprintf("cluster %q", id))
	}
	cs, err := s.store.Clustering(ctx, id[:dash])
	if errors.Is(err, store.ErrNotFound) {
		return nil, clusterNotFound(fmt.Sprintf("cluster %q", id))
	}
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.GetId() == id {
			if err := s.visible(ctx, c.GetCorpusId(), clusterNotFound(fmt.Sprintf("cluster %q", id))); err != nil {
				return nil, err
			}
			return &clusterv1.GetClusterResponse{Cluster: c}, nil
		}
	}
	return nil, clusterNotFound(fmt.Sprintf("cluster %q", id))
}

// SelectClusters picks up to k clusters by greedy maximum coverage.
func (s *Server) SelectClusters(ctx context.Context, req *clusterv1.SelectClustersRequest) (*clusterv1.SelectClustersResponse, error) {
	resp, err := s.selectClusters(ctx, req)
	return resp, toStatus(ctx, s.log, err)
}

func (s *Server) selectClusters(ctx context.Context, req *clusterv1.SelectClustersRequest) (*clusterv1.SelectClustersResponse, error) {
	if req.GetCorpusId() == "" && req.GetClusteringId() == "" {
		return nil, invalid("corpus_id", "set corpus_id (its latest clustering) or clustering_id")
	}
	cs, err := s.clustering(ctx, req.GetCorpusId(), req.GetClusteringId())
	if err != nil {
		return nil, err
	}
	toolIdx := map[string]int32{}
	index := func(id string) int32 {
		i, ok := toolIdx[id]
		if !ok {
			i = int32(len(toolIdx))
			toolIdx[id] = i
		}
		return i
	}
	domains := map[string]bool{}
	for _, d := range req.GetDomains() {
		domains[d] = true
	}
	excluded := map[string]bool{}
	for _, id := range req.GetExcludeClusterIds() {
		excluded[id] = true
	}
	var sets []maxcover.Set
	var setCluster []*clusterv1.Cluster
	for _, c := range cs {
		items := make([]int32, 0, len(c.GetTools()))
		for _, t := range c.GetTools() {
			items = append(items, index(t.GetId()))
		}
		if excluded[c.GetId()] || (len(domains) > 0 && !domains[c.GetDomain()]) {
			continue
		}
		w := 1.0
		if req.GetWeightByQuality() {
			w = max(c.GetStats().GetQuality(), 0.01)
		}
		sets = append(sets, maxcover.Set{Items: items, Weight: w})
		setCluster = append(setCluster, c)
	}
	covered := map[int32]bool{}
	for _, id := range req.GetCoveredToolIds() {
		if i, ok := toolIdx[id]; ok {
			covered[i] = true
		}
	}
	steps := maxcover.Greedy(sets, int(req.GetK()), covered)
	out := &clusterv1.SelectClustersResponse{TotalTools: int64(len(toolIdx)), CoveredTools: int64(len(covered))}
	for _, st := range steps {
		c := setCluster[st.Set]
		out.Selections = append(out.Selections, &clusterv1.Selection{
			ClusterId: c.GetId(), Domain: c.GetDomain(), NewlyCovered: int32(st.NewlyCovered),
			CumulativeCovered: int64(st.Cumulative), Gain: st.Gain,
		})
	}
	return out, nil
}
