package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tdscaling/tdscaling/services/cluster/internal/baseline"
	"github.com/tdscaling/tdscaling/services/cluster/internal/clustering"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
	"github.com/tdscaling/tdscaling/services/cluster/internal/evalmetrics"
	"github.com/tdscaling/tdscaling/services/cluster/internal/importer"
)

// This file is the small public API the CLI and the benchmarks use to
// cluster corpus files in process, without a server.

// LoadOptions tune LoadCorpus.
type LoadOptions struct {
	// Format of every file; empty detects it from the name and content.
	Format string
	// Strict rejects a file at its first bad record instead of skipping it.
	Strict bool
	// OnFile, when set, hears about each file once it is read.
	OnFile func(FileReport)
}

// FileReport says what loading one file did.
type FileReport struct {
	Path       string
	Imported   int64
	Duplicates int64
	Skipped    int64
	// Issues are the first problems found, "file:line: reason".
	Issues []string
}

// Corpus is a loaded set of tools.
type Corpus struct {
	tools []*corpus.Tool
	Files []FileReport
}

// Len is the number of tools.
func (c *Corpus) Len() int { return len(c.tools) }

// Tool returns the service and name of tool i.
func (c *Corpus) Tool(i int) ToolRef {
	return ToolRef{Service: c.tools[i].Service, Name: c.tools[i].Name}
}

// Labels returns each tool's ground-truth service and domain.
func (c *Corpus) Labels() (services, domains []string) {
	for _, t := range c.tools {
		services = append(services, t.Service)
		domains = append(domains, t.Domain)
	}
	return services, domains
}

// Map returns a corpus with each tool changed by f (the benchmark renames
// services to replicate a corpus); ids are recomputed.
func (c *Corpus) Map(f func(service, name string) (string, string)) *Corpus {
	out := &Corpus{tools: make([]*corpus.Tool, len(c.tools))}
	for i, t := range c.tools {
		cp := *t
		cp.Service, cp.Name = f(t.Service, t.Name)
		cp.ID = corpus.ComputeID(cp.Service, cp.Name, cp.InputSchema)
		out.tools[i] = &cp
	}
	return out
}

// Concat joins corpora.
func Concat(cs ...*Corpus) *Corpus {
	out := &Corpus{}
	for _, c := range cs {
		out.tools = append(out.tools, c.tools...)
		out.Files = append(out.Files, c.Files...)
	}
	return out
}

// Head returns the first n tools.
func (c *Corpus) Head(n int) *Corpus {
	return &Corpus{tools: c.tools[:min(n, len(c.tools))], Files: c.Files}
}

// LoadCorpus reads corpus files (our JSON Lines, MCP tools/list, OpenAI
// tools, OpenAPI/Swagger), deduplicating across them. A file that cannot be
// read at all, or any bad record under Strict, fails the load.
func LoadCorpus(ctx context.Context, paths []string, opt LoadOptions) (*Corpus, error) {
	format, err := importer.ParseFormat(opt.Format)
	if err != nil {
		return nil, err
	}
	c := &Corpus{}
	seen := map[string]struct{}{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		res, err := importer.Import(ctx, f, importer.Options{
			Format: format, Name: p, Source: filepath.Base(p), Strict: opt.Strict, Seen: seen,
		}, func(t *corpus.Tool) error {
			c.tools = append(c.tools, t)
			return nil
		})
		f.Close()
		if err != nil {
			return nil, err
		}
		fr := FileReport{Path: p, Imported: res.Imported, Duplicates: res.Duplicates, Skipped: res.Skipped}
		for _, is := range res.Issues {
			fr.Issues = append(fr.Issues, is.String())
		}
		c.Files = append(c.Files, fr)
		if opt.OnFile != nil {
			opt.OnFile(fr)
		}
	}
	return c, nil
}

// Options tune clustering; zero values take the service defaults.
type Options struct {
	MinSize      int
	MaxSize      int
	Blind        bool
	MinEdgeScore float64
	Resolution   float64
	Seed         int64
	// Neighbors per tool in the text-similarity graph (default 10).
	Neighbors int
	// DepWeight scales dependency edges against text similarity (default 1.5).
	DepWeight float64
	// Progress, when set, hears about each stage.
	Progress func(stage string)
}

// Clustering is the result of clustering a corpus.
type Clustering struct {
	corpus   *Corpus
	res      *clustering.Result
	Duration time.Duration
}

// Build clusters a corpus.
func Build(ctx context.Context, c *Corpus, opt Options) (*Clustering, error) {
	co := clustering.Options{MinSize: opt.MinSize, MaxSize: opt.MaxSize, Blind: opt.Blind,
		MinEdgeScore: opt.MinEdgeScore, Resolution: opt.Resolution, Seed: opt.Seed, Progress: opt.Progress,
		Neighbors: opt.Neighbors, DepWeight: opt.DepWeight}
	if field, problem := co.Validate(); field != "" {
		return nil, fmt.Errorf("%s: %s", field, problem)
	}
	start := time.Now()
	res, err := clustering.Build(ctx, c.tools, co)
	if err != nil {
		return nil, err
	}
	return &Clustering{corpus: c, res: res, Duration: time.Since(start)}, nil
}

// ID names the run.
func (k *Clustering) ID() string { return k.res.ID }

// Len is the number of clusters.
func (k *Clustering) Len() int { return len(k.res.Clusters) }

// EdgeCount is the number of dependency edges in the whole tool graph.
func (k *Clustering) EdgeCount() int { return k.res.Edges }

// Membership gives each tool's cluster index, -1 for none.
func (k *Clustering) Membership() []int {
	m := make([]int, k.corpus.Len())
	for i := range m {
		m[i] = -1
	}
	for ci, c := range k.res.Clusters {
		for _, t := range c.Tools {
			m[t] = ci
		}
	}
	return m
}

// ToolRef identifies a tool by its corpus service and name.
type ToolRef struct {
	Service string `json:"service"`
	Name    string `json:"name"`
}

// EdgeEnd is one end of a dependency edge.
type EdgeEnd struct {
	Tool    string `json:"tool"`
	Service string `json:"service"`
	Field   string `json:"field,omitempty"`
	Param   string `json:"param,omitempty"`
}

// EdgeRecord is a dependency edge in a cluster record.
type EdgeRecord struct {
	From     EdgeEnd  `json:"from"`
	To       EdgeEnd  `json:"to"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence,omitempty"`
}

// StatsRecord are a cluster's statistics.
type StatsRecord struct {
	ToolCount           int     `json:"tool_count"`
	EdgeCount           int     `json:"edge_count"`
	ServiceCount        int     `json:"service_count"`
	MeanEdgeScore       float64 `json:"mean_edge_score"`
	DependencyConnected bool    `json:"dependency_connected"`
	LongestChain        int     `json:"longest_chain"`
	Quality             float64 `json:"quality"`
	InferredOutputs     int     `json:"inferred_output_schemas"`
}

// ClusterRecord is one line of clusters.jsonl.
type ClusterRecord struct {
	ID           string       `json:"id"`
	Name         string       `json:"name,omitempty"`
	Domain       string       `json:"domain"`
	DomainSource string       `json:"domain_source,omitempty"`
	Tools        []ToolRef    `json:"tools"`
	Edges        []EdgeRecord `json:"edges"`
	Stats        StatsRecord  `json:"stats"`
}

// EvidenceNames spells an edge's evidence bits.
func evidenceNames(bits uint8) []string {
	var out []string
	for _, e := range []struct {
		bit  uint8
		name string
	}{{depgraph.EvidenceName, "name_token"}, {depgraph.EvidenceType, "type"}, {depgraph.EvidenceTitle, "schema_title"}, {depgraph.EvidenceText, "text_similarity"}, {depgraph.EvidenceLLM, "llm_confirmed"}} {
		if bits&e.bit != 0 {
			out = append(out, e.name)
		}
	}
	return out
}

// Records returns the clusters as clusters.jsonl records.
func (k *Clustering) Records() []ClusterRecord {
	out := make([]ClusterRecord, 0, len(k.res.Clusters))
	tools := k.corpus.tools
	for _, c := range k.res.Clusters {
		r := ClusterRecord{ID: c.ID, Name: c.Name, Domain: c.Domain, Edges: []EdgeRecord{}}
		r.DomainSource = "corpus"
		if c.DomainSource == clustering.DomainFromTaxonomy {
			r.DomainSource = "taxonomy"
		}
		for _, t := range c.Tools {
			r.Tools = append(r.Tools, ToolRef{Service: tools[t].Service, Name: tools[t].Name})
		}
		for _, e := range c.Edges {
			r.Edges = append(r.Edges, EdgeRecord{
				From:     EdgeEnd{Tool: tools[e.From].Name, Service: tools[e.From].Service, Field: e.FromField},
				To:       EdgeEnd{Tool: tools[e.To].Name, Service: tools[e.To].Service, Param: e.ToParam},
				Score:    round3(float64(e.Score)),
				Evidence: evidenceNames(e.Evidence),
			})
		}
		s := c.Stats
		r.Stats = StatsRecord{s.ToolCount, s.EdgeCount, s.ServiceCount, round3(s.MeanEdgeScore), s.DependencyConnected, s.LongestChain, round3(s.Quality), s.InferredOutputs}
		out = append(out, r)
	}
	return out
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

// WriteJSONL writes one cluster per line.
func (k *Clustering) WriteJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range k.Records() {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// Scores are B-cubed, ARI and NMI against one ground truth.
type Scores = evalmetrics.Scores

// Evaluation scores a clustering against the corpus's own labels.
type Evaluation struct {
	Tools, Clusters, Edges int
	Services, Domains      int
	Clustered              int
	Coverage               float64
	VsService              Scores
	VsDomain               Scores
	// ConnectedShare is the share of clusters whose dependency edges connect all their tools.
	ConnectedShare float64
	// Sizes maps cluster size to the number of clusters of that size.
	Sizes      map[int]int
	MeanSize   float64
	MedianSize int
	// RandomVsService scores random clusters of the same sizes: what NMI
	// and B-cubed give for no information at all.
	RandomVsService Scores
	// RecallCeiling is the B-cubed recall against services of a perfect
	// clustering whose clusters are no larger than the largest here: big
	// services must be cut, so recall cannot reach 1.
	RecallCeiling float64
}

// Evaluate scores k against the corpus's service and domain labels.
func (k *Clustering) Evaluate() Evaluation {
	ev := EvaluatePartition(k.corpus, k.Membership())
	ev.Edges = k.res.Edges
	connected := 0
	for _, c := range k.res.Clusters {
		if c.Stats.DependencyConnected {
			connected++
		}
	}
	if len(k.res.Clusters) > 0 {
		ev.ConnectedShare = float64(connected) / float64(len(k.res.Clusters))
	}
	return ev
}

// EvaluatePartition scores any partition of the corpus (cluster index per
// tool, -1 for none) against its labels; the benchmark scores baselines with it.
func EvaluatePartition(c *Corpus, membership []int) Evaluation {
	services, domains := c.Labels()
	ev := Evaluation{Tools: c.Len(), Sizes: map[int]int{}}
	ev.Services = distinct(services)
	ev.Domains = distinct(domains)
	sizes := map[int]int{}
	for _, m := range membership {
		if m >= 0 {
			ev.Clustered++
			sizes[m]++
		}
	}
	var all []int
	for _, s := range sizes {
		ev.Sizes[s]++
		all = append(all, s)
	}
	ev.Clusters = len(sizes)
	if len(all) > 0 {
		sort.Ints(all)
		ev.MedianSize = all[len(all)/2]
		ev.MeanSize = float64(ev.Clustered) / float64(len(all))
	}
	if ev.Tools > 0 {
		ev.Coverage = float64(ev.Clustered) / float64(ev.Tools)
	}
	ev.VsService = evalmetrics.Compare(membership, services)
	ev.VsDomain = evalmetrics.Compare(membership, domains)
	shuffled := slices.Clone(membership)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	ev.RandomVsService = evalmetrics.Compare(shuffled, services)
	maxSize := 0
	for s := range ev.Sizes {
		maxSize = max(maxSize, s)
	}
	ev.RecallCeiling = recallCeiling(services, maxSize)
	return ev
}

// recallCeiling is the B-cubed recall of cutting every service into chunks
// of at most maxSize tools.
func recallCeiling(services []string, maxSize int) float64 {
	if maxSize == 0 || len(services) == 0 {
		return 0
	}
	size := map[string]int{}
	for _, s := range services {
		size[s]++
	}
	var sum float64
	for _, n := range size {
		full, rest := n/maxSize, n%maxSize
		sum += (float64(full)*float64(maxSize*maxSize) + float64(rest*rest)) / float64(n)
	}
	return sum / float64(len(services))
}

func maxKey(m map[int]int) int {
	k := 0
	for x := range m {
		k = max(k, x)
	}
	return k
}

func distinct(xs []string) int {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

// Report writes an evaluation for people.
func (ev Evaluation) Report(w io.Writer) {
	fmt.Fprintf(w, "tools %d (services %d, domains %d); clusters %d; clustered tools %d (coverage %.1f%%); dependency edges %d\n",
		ev.Tools, ev.Services, ev.Domains, ev.Clusters, ev.Clustered, 100*ev.Coverage, ev.Edges)
	fmt.Fprintf(w, "%-16s %12s %10s %8s %8s %8s\n", "against", "B3-precision", "B3-recall", "B3-F1", "ARI", "NMI")
	for _, row := range []struct {
		name string
		s    Scores
	}{{"service", ev.VsService}, {"domain", ev.VsDomain}} {
		fmt.Fprintf(w, "%-16s %12.3f %10.3f %8.3f %8.3f %8.3f\n", row.name, row.s.BCubedPrecision, row.s.BCubedRecall, row.s.BCubedF1, row.s.ARI, row.s.NMI)
	}
	r := ev.RandomVsService
	fmt.Fprintf(w, "%-16s %12.3f %10.3f %8.3f %8.3f %8.3f   (random clusters of the same sizes)\n", "service, random", r.BCubedPrecision, r.BCubedRecall, r.BCubedF1, r.ARI, r.NMI)
	fmt.Fprintf(w, "B3-recall ceiling against services with clusters of at most %d tools: %.3f\n", maxKey(ev.Sizes), ev.RecallCeiling)
	fmt.Fprintf(w, "dependency-connected clusters: %.1f%%\n", 100*ev.ConnectedShare)
	var keys []int
	for s := range ev.Sizes {
		keys = append(keys, s)
	}
	slices.Sort(keys)
	var parts []string
	for _, s := range keys {
		parts = append(parts, fmt.Sprintf("%d:%d", s, ev.Sizes[s]))
	}
	fmt.Fprintf(w, "cluster sizes (size:count): %s; mean %.2f, median %d\n", strings.Join(parts, " "), ev.MeanSize, ev.MedianSize)
}

// BaselineKMeans clusters the corpus with the benchmark's baseline: TF-IDF of
// names and descriptions, bisecting spherical k-means down to clusters of at
// most maxSize tools. It returns each tool's cluster index.
func BaselineKMeans(c *Corpus, maxSize int, seed uint64) []int {
	return baseline.BisectingKMeans(c.tools, maxSize, seed)
}
