// Command cluster benchmarks the cluster service's clustering on 30,000 and
// 100,000 tools against a simple baseline (TF-IDF + bisecting k-means), side
// by side in one run: wall time, peak RSS and blind quality (NMI and B-cubed
// against the corpus's services).
//
// Each measurement runs in a child process of its own, so its peak RSS
// (getrusage's ru_maxrss of the child) is its own. The corpus is the shared
// APIs.guru corpus; sizes above its 50,795 tools replicate it with renamed
// services ("<service>~r1"), so a replica's tools are exact copies of the
// originals under another service: in blind mode nothing can tell them apart,
// which caps B-cubed precision near 1/2 for them — quality figures at 100k
// measure that, speed figures are unaffected.
//
//	go run ./bench/cluster [--sizes 30000,100000] [--corpus FILE,...]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/tdscaling/tdscaling/bench/internal/corpora"
	"github.com/tdscaling/tdscaling/services/cluster"
)

// result is what a child reports.
type result struct {
	Method    string  `json:"method"`
	Tools     int     `json:"tools"`
	LoadSec   float64 `json:"load_s"`
	RunSec    float64 `json:"run_s"`
	Clusters  int     `json:"clusters"`
	Coverage  float64 `json:"coverage"`
	NMI       float64 `json:"nmi"`
	ARI       float64 `json:"ari"`
	B3P       float64 `json:"b3_precision"`
	B3R       float64 `json:"b3_recall"`
	Connected float64 `json:"dependency_connected"`
	Edges     int     `json:"edges"`
	// Filled in by the parent.
	WallSec  float64 `json:"wall_s"`
	PeakRSSB int64   `json:"peak_rss_bytes"`
}

func main() {
	sizes := flag.String("sizes", "30000,100000", "corpus sizes to measure")
	corpus := flag.String("corpus", strings.Join(corpora.APIsGuru, ","), "corpus files, comma-separated")
	methods := flag.String("methods", "tds,kmeans", "methods: tds (the cluster service, blind) and kmeans (the baseline)")
	child := flag.Bool("child", false, "internal: run one measurement and print its result")
	method := flag.String("method", "", "internal: the method of a child")
	n := flag.Int("n", 0, "internal: the size of a child's corpus")
	flag.Parse()
	if *child {
		if err := runChild(*method, *n, strings.Split(*corpus, ",")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var results []result
	for _, s := range strings.Split(*sizes, ",") {
		size, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fmt.Fprintf(os.Stderr, "--sizes: %v\n", err)
			os.Exit(2)
		}
		for _, m := range strings.Split(*methods, ",") {
			fmt.Fprintf(os.Stderr, "measuring %s on %d tools...\n", m, size)
			r, err := measure(self, m, size, *corpus)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s at %d: %v\n", m, size, err)
				os.Exit(1)
			}
			results = append(results, r)
		}
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\ttools\twall s\tload s\tcluster s\tpeak RSS MiB\tclusters\tcoverage\tNMI\tB3 P\tB3 R\tARI\tdep-connected\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.0f\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\n",
			r.Method, r.Tools, r.WallSec, r.LoadSec, r.RunSec, float64(r.PeakRSSB)/(1<<20), r.Clusters, r.Coverage, r.NMI, r.B3P, r.B3R, r.ARI, r.Connected)
	}
	tw.Flush()
	fmt.Println("\nblind quality is against the corpus's services; 'cluster s' excludes reading the files; wall and peak RSS are the whole child process")
}

func measure(self, method string, n int, corpus string) (result, error) {
	cmd := exec.Command(self, "--child", "--method", method, "--n", strconv.Itoa(n), "--corpus", corpus)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		return result{}, err
	}
	var r result
	if err := json.Unmarshal(out, &r); err != nil {
		return result{}, fmt.Errorf("child output %q: %w", out, err)
	}
	r.WallSec = wall.Seconds()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSB = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return r, nil
}

func runChild(method string, n int, files []string) error {
	ctx := context.Background()
	start := time.Now()
	c, err := cluster.LoadCorpus(ctx, files, cluster.LoadOptions{})
	if err != nil {
		return err
	}
	base := c
	for r := 1; c.Len() < n; r++ {
		suffix := fmt.Sprintf("~r%d", r)
		c = cluster.Concat(c, base.Map(func(service, name string) (string, string) { return service + suffix, name }))
	}
	c = c.Head(n)
	load := time.Since(start)
	res := result{Method: method, Tools: c.Len(), LoadSec: load.Seconds()}
	var ev cluster.Evaluation
	switch method {
	case "tds":
		k, err := cluster.Build(ctx, c, cluster.Options{Blind: true})
		if err != nil {
			return err
		}
		res.RunSec = k.Duration.Seconds()
		ev = k.Evaluate()
		res.Edges = ev.Edges
		res.Connected = ev.ConnectedShare
	case "kmeans":
		t0 := time.Now()
		m := cluster.BaselineKMeans(c, 12, 1)
		res.RunSec = time.Since(t0).Seconds()
		ev = cluster.EvaluatePartition(c, m)
	default:
		return fmt.Errorf("unknown method %q", method)
	}
	res.Clusters, res.Coverage = ev.Clusters, ev.Coverage
	res.NMI, res.ARI, res.B3P, res.B3R = ev.VsService.NMI, ev.VsService.ARI, ev.VsService.BCubedPrecision, ev.VsService.BCubedRecall
	return json.NewEncoder(os.Stdout).Encode(res)
}
