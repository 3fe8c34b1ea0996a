package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/services/cluster"
)

const clustersUsage = `Usage:
  tds clusters build --corpus FILE... [--blind] --out clusters.jsonl
  tds clusters eval  --corpus FILE... [--blind]
  tds clusters show  [--clusters clusters.jsonl | --addr HOST:PORT] ID

build  clusters the tools of the corpus files in this process and writes one
       cluster per line: {"id", "domain", "tools": [{"service", "name"}],
       "edges": [{"from": {"tool", "field"}, "to": {"tool", "param"}, "score"}], ...}
eval   clusters the same way and scores the clusters against the corpus's own
       service and domain labels: B-cubed precision/recall (the headline), ARI,
       NMI, coverage, dependency-connected share and the size distribution
show   prints one cluster from a clusters file, or from a running cluster service

Corpus files may be our JSON Lines format (../shared/corpora), an MCP
tools/list result, an OpenAI tools array, or an OpenAPI 3 / Swagger 2 document
(JSON or YAML); the format is detected unless --format names it. Give several
files after one --corpus, repeat --corpus, or separate them with commas.
Malformed records are reported as file:line and skipped (--strict rejects the
file instead). --blind ignores the corpus's service and domain while clustering.

Run "tds clusters <build|eval|show> --help" for every flag.
`

// clustersCommand runs `tds clusters <subcommand>`.
func clustersCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, "clusters", clustersUsage, []subcommand{
		{"build", clustersBuild},
		{"eval", clustersEval},
		{"show", clustersShow},
	}, args, stdout, stderr)
}

// listFlag collects repeated or comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// clusterFlags are the options build and eval share.
type clusterFlags struct {
	corpus       listFlag
	format       string
	strict       bool
	blind        bool
	minSize      int
	maxSize      int
	minEdgeScore float64
	resolution   float64
	seed         int64
	quiet        bool
}

func (f *clusterFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.corpus, "corpus", "corpus file(s) to cluster (repeatable; several files may follow one --corpus)")
	fs.StringVar(&f.format, "format", "auto", "format of the corpus files: auto, jsonl, mcp, openai or openapi")
	fs.BoolVar(&f.strict, "strict", false, "reject a file at its first malformed record or invalid schema instead of skipping it")
	fs.BoolVar(&f.blind, "blind", false, "ignore the corpus's service and domain fields while clustering (mixed MCP pools)")
	fs.IntVar(&f.minSize, "min-size", 3, "smallest cluster")
	fs.IntVar(&f.maxSize, "max-size", 12, "largest cluster")
	fs.Float64Var(&f.minEdgeScore, "min-edge-score", 0.5, "drop dependency edges scoring below this (0..1)")
	fs.Float64Var(&f.resolution, "resolution", 0.3, "community resolution: the mean tie a tool needs to a cluster's members to join it; larger gives smaller, tighter clusters")
	fs.Int64Var(&f.seed, "seed", 0, "seed of the community detection's node order")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress on stderr")
}

// parseInterspersed parses flags and positional arguments in any order, so
// "--corpus a.jsonl b.jsonl --blind" works; positionals are returned.
// parse fills fs from its arguments (fs.Parse, or config.Load over it).
func parseInterspersed(fs *flag.FlagSet, args []string, parse func([]string) error) ([]string, error) {
	var pos []string
	for {
		if err := parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		i := 0
		for i < len(rest) && !strings.HasPrefix(rest[i], "-") {
			pos = append(pos, rest[i])
			i++
		}
		if i == len(rest) {
			return pos, nil
		}
		args = rest[i:]
	}
}

// loadAndBuild loads the corpus files and clusters them, reporting progress.
func loadAndBuild(ctx context.Context, name string, f *clusterFlags, stderr io.Writer) (*cluster.Corpus, *cluster.Clustering, int) {
	if len(f.corpus) == 0 {
		fmt.Fprintf(stderr, "%s: name the corpus files with --corpus FILE...\n", name)
		return nil, nil, 2
	}
	for _, p := range f.corpus {
		if _, err := os.Stat(p); err != nil {
			fmt.Fprintf(stderr, "%s: --corpus: %v\n", name, err)
			return nil, nil, 2
		}
	}
	start := time.Now()
	say := func(format string, args ...any) {
		if !f.quiet {
			fmt.Fprintf(stderr, "%s: [%5.1fs] %s\n", name, time.Since(start).Seconds(), fmt.Sprintf(format, args...))
		}
	}
	c, err := cluster.LoadCorpus(ctx, f.corpus, cluster.LoadOptions{
		Format: f.format, Strict: f.strict,
		OnFile: func(r cluster.FileReport) {
			say("read %s: %d tools, %d duplicates, %d skipped", r.Path, r.Imported, r.Duplicates, r.Skipped)
			for i, is := range r.Issues {
				if i == 5 {
					fmt.Fprintf(stderr, "  … %d more skipped records\n", r.Skipped-5)
					break
				}
				fmt.Fprintf(stderr, "  skipped %s\n", is)
			}
		},
	})
	if err != nil {
		hint := ""
		if f.strict {
			hint = " (without --strict, bad records are skipped and reported)"
		}
		fmt.Fprintf(stderr, "%s: %v%s\n", name, err, hint)
		return nil, nil, 1
	}
	if c.Len() == 0 {
		fmt.Fprintf(stderr, "%s: the corpus files hold no tools\n", name)
		return nil, nil, 1
	}
	k, err := cluster.Build(ctx, c, cluster.Options{
		MinSize: f.minSize, MaxSize: f.maxSize, Blind: f.blind, MinEdgeScore: f.minEdgeScore,
		Resolution: f.resolution, Seed: f.seed, Progress: func(stage string) { say("%s", stage) },
	})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		if errors.Is(err, context.Canceled) {
			return nil, nil, 130
		}
		return nil, nil, 2
	}
	say("%d clusters of %d tools in %.1fs", k.Len(), c.Len(), k.Duration.Seconds())
	return c, k, 0
}

func clustersBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds clusters build"
	fs := newFlagSet(name, "Usage: tds clusters build --corpus FILE... [--blind] --out clusters.jsonl\n\nClusters the corpus and writes one cluster per line.\n", stderr)
	var f clusterFlags
	f.register(fs)
	out := fs.String("out", "", `file to write the clusters to, one JSON object per line ("-" for stdout)`)
	pos, err := parseInterspersed(fs, args, fs.Parse)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	f.corpus = append(f.corpus, pos...)
	if *out == "" {
		fmt.Fprintf(stderr, "%s: say where to write the clusters with --out FILE (or --out - for stdout)\n", name)
		return 2
	}
	_, k, code := loadAndBuild(ctx, name, &f, stderr)
	if code != 0 {
		return code
	}
	w := stdout
	var file *os.File
	if *out != "-" {
		tmp, err := os.CreateTemp(dirOf(*out), ".clusters-*.jsonl")
		if err != nil {
			fmt.Fprintf(stderr, "%s: --out: %v\n", name, err)
			return 1
		}
		defer os.Remove(tmp.Name())
		file = tmp
		w = tmp
	}
	bw := bufio.NewWriter(w)
	err = k.WriteJSONL(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		// A failed write leaves the temporary file (removed above) and
		// never a truncated --out.
		if file != nil {
			file.Close()
		}
		fmt.Fprintf(stderr, "%s: writing the clusters: %v\n", name, err)
		return 1
	}
	if file != nil {
		if err := file.Close(); err != nil {
			fmt.Fprintf(stderr, "%s: --out: %v\n", name, err)
			return 1
		}
		if err := os.Rename(file.Name(), *out); err != nil {
			fmt.Fprintf(stderr, "%s: --out: %v\n", name, err)
			return 1
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "%s: wrote %d clusters to %s\n", name, k.Len(), *out)
		}
	}
	return 0
}

func dirOf(p string) string {
	if i := strings.LastIndexByte(p, os.PathSeparator); i >= 0 {
		return p[:i+1]
	}
	return "."
}

func clustersEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds clusters eval"
	fs := newFlagSet(name, "Usage: tds clusters eval --corpus FILE... [--blind]\n\nClusters the corpus and scores the clusters against its service and domain labels.\n", stderr)
	var f clusterFlags
	f.register(fs)
	pos, err := parseInterspersed(fs, args, fs.Parse)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	f.corpus = append(f.corpus, pos...)
	_, k, code := loadAndBuild(ctx, name, &f, stderr)
	if code != 0 {
		return code
	}
	mode := "with services and domains"
	if f.blind {
		mode = "blind (service and domain ignored)"
	}
	fmt.Fprintf(stdout, "clustering %s in %.1fs, sizes %d..%d\n", mode, k.Duration.Seconds(), f.minSize, f.maxSize)
	k.Evaluate().Report(stdout)
	return 0
}

func clustersShow(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	const name = "tds clusters show"
	fs := newFlagSet(name, "Usage: tds clusters show [--clusters clusters.jsonl | --addr HOST:PORT] ID\n\nPrints one cluster: from a file written by tds clusters build, or from a running cluster service.\n", stderr)
	file := fs.String("clusters", "clusters.jsonl", "clusters file written by tds clusters build")
	addr := fs.String("addr", "", "address of a running cluster service (then the cluster comes from it)")
	token := fs.String("token", os.Getenv("TDS_TOKEN"), "bearer token for --addr (default $TDS_TOKEN)")
	asJSON := fs.Bool("json", false, "print the cluster as JSON")
	pos, err := parseInterspersed(fs, args, fs.Parse)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "%s: name one cluster id (the \"id\" of a line of the clusters file)\n", name)
		return 2
	}
	id := pos[0]
	if *addr != "" {
		conn, err := grpcclient.Dial(*addr, grpcclient.Config{Token: *token})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			return 1
		}
		defer conn.Close()
		resp, err := clusterv1.NewClusterServiceClient(conn).GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: id})
		if err != nil {
			return reportCallError(stderr, err)
		}
		b, _ := protojson.MarshalOptions{Multiline: true, UseProtoNames: true}.Marshal(resp.GetCluster())
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	rec, err := findCluster(*file, id)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	if *asJSON {
		b, _ := json.MarshalIndent(rec, "", "  ")
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	printCluster(stdout, rec)
	return 0
}

func findCluster(path, id string) (*cluster.ClusterRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (write one with tds clusters build --out %s, or name it with --clusters)", err, path)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if !strings.Contains(sc.Text(), `"`+id+`"`) {
			continue
		}
		var rec cluster.ClusterRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		if rec.ID == id {
			return &rec, nil
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("no cluster %q in %s", id, path)
}

func printCluster(w io.Writer, r *cluster.ClusterRecord) {
	fmt.Fprintf(w, "%s  %s\n", r.ID, r.Name)
	fmt.Fprintf(w, "domain %s (%s); %d tools, %d edges, dependency-connected %v, longest chain %d, quality %.2f\n",
		r.Domain, r.DomainSource, r.Stats.ToolCount, r.Stats.EdgeCount, r.Stats.DependencyConnected, r.Stats.LongestChain, r.Stats.Quality)
	fmt.Fprintln(w, "tools:")
	for _, t := range r.Tools {
		fmt.Fprintf(w, "  %s  %s\n", t.Service, t.Name)
	}
	if len(r.Edges) > 0 {
		fmt.Fprintln(w, "edges (output field -> input parameter):")
		for _, e := range r.Edges {
			fmt.Fprintf(w, "  %.2f  %s %s -> %s(%s)  [%s]\n", e.Score, e.From.Tool, e.From.Field, e.To.Tool, e.To.Param, strings.Join(e.Evidence, ", "))
		}
	}
}
