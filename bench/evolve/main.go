// Command evolve measures what the evolve service's steering buys: it runs
// one job per strategy (tdscaling, then the uniform baseline) on the shared
// APIs.guru corpus with the same seed and prints, side by side, the three
// diversity metrics of docs/metrics.md (H_dom, H_mode, CAC mean and p90),
// the near-duplicate and rejection rates and the run time.
//
// Everything is the real pipeline in one process: the cluster service
// (import, clustering, SelectClusters / ListClusters / GetCluster over
// gRPC on a loopback port), the evolve service's strategy and job state
// (evolve.NewLocal), the blueprint service's sim planner
// (blueprint.NewLocal, the cluster inline) and the agent service's sim
// rollout and verification (agent.NewLocal), with a sandbox service for the
// code steps (host uids from 620000; --code-share 0 runs without one). The
// driver keeps a window of tasks in flight like the evolve job loop and
// observes results in task order, so a run is reproducible whatever the
// number of workers, and from one process to the next (plans and rollouts
// are seeded by content, not by the ids an import or a job gets).
//
//	go run ./bench/evolve [--n 5000] [--seed 1] [--strategies tdscaling,uniform] [--code-share 0.1667]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/bench/internal/corpora"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/blueprint"
	"github.com/tdscaling/tdscaling/services/cluster"
	"github.com/tdscaling/tdscaling/services/evolve"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

type options struct {
	n          int64
	seed       int64
	strategies []string
	corpus     []string
	codeShare  float64
	window     int
	workers    int
	maxTasks   int64
	samples    int
}

func main() {
	var o options
	strategies := flag.String("strategies", "tdscaling,uniform", "strategies to run, in order")
	corpus := flag.String("corpus", strings.Join(corpora.APIsGuru, ","), "corpus files, comma-separated")
	flag.Int64Var(&o.n, "n", 5000, "accepted records per job")
	flag.Int64Var(&o.seed, "seed", 1, "job seed (the same for every strategy)")
	flag.Float64Var(&o.codeShare, "code-share", 1.0/6, "share of tasks with a code step; 0 runs without a sandbox")
	flag.IntVar(&o.window, "window", 64, "tasks in flight")
	flag.IntVar(&o.workers, "workers", 2, "rollouts running at once")
	flag.IntVar(&o.samples, "samples", 0, "print this many rejection details per reason")
	flag.Int64Var(&o.maxTasks, "max-tasks", 0, "stop a job after this many tasks (0: 8×n)")
	flag.Parse()
	o.strategies = strings.Split(*strategies, ",")
	o.corpus = strings.Split(*corpus, ",")
	if o.n <= 0 || o.codeShare < 0 || o.codeShare > 1 || o.workers < 1 || o.window < 1 {
		fmt.Fprintln(os.Stderr, "bench/evolve: want --n ≥ 1, --code-share in 0..1, --workers ≥ 1, --window ≥ 1")
		os.Exit(2)
	}
	if o.maxTasks == 0 {
		o.maxTasks = 8 * o.n
	}
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/evolve:", err)
		os.Exit(1)
	}
}

// serve runs a service on a loopback port and returns its address once it
// serves (or the error it stopped with).
func serve(ctx context.Context, wg *sync.WaitGroup, svc app.Service, args []string, errc chan<- error) (string, error) {
	fs := flag.NewFlagSet(svc.Name(), flag.ContinueOnError)
	svc.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	lis, err := grpcserver.Listen("127.0.0.1:0")
	if err != nil {
		return "", err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ready := make(chan string, 1)
	failed := make(chan error, 1)
	wg.Go(func() {
		err := svc.Run(ctx, app.Env{Logger: log.With("service", svc.Name()), Listener: lis, Ready: func(addr string) { ready <- addr }})
		if err != nil && ctx.Err() == nil {
			failed <- fmt.Errorf("%s: %w", svc.Name(), err)
			errc <- fmt.Errorf("%s: %w", svc.Name(), err)
		}
	})
	select {
	case addr := <-ready:
		return addr, nil
	case err := <-failed:
		return "", err
	}
}

func run(o options) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	errc := make(chan error, 4)
	dir, err := os.MkdirTemp("", "bench-evolve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	clusterAddr, err := serve(ctx, &wg, cluster.New(), []string{"-data_dir", filepath.Join(dir, "cluster")}, errc)
	if err != nil {
		return err
	}
	conn, err := grpcclient.Dial(clusterAddr, grpcclient.Config{})
	if err != nil {
		return err
	}
	defer conn.Close()
	clusters := clusterv1.NewClusterServiceClient(conn)

	start := time.Now()
	corpusID, tools, err := importCorpus(ctx, clusters, o.corpus)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "imported %d tools in %.1fs\n", tools, time.Since(start).Seconds())
	start = time.Now()
	built, err := clusters.BuildClusters(ctx, &clusterv1.BuildClustersRequest{CorpusId: corpusID})
	if err != nil {
		return fmt.Errorf("BuildClusters: %w", err)
	}
	fmt.Fprintf(os.Stderr, "clustered into %d clusters (%d tools clustered) in %.1fs\n", built.GetClusterCount(), built.GetClusteredTools(), time.Since(start).Seconds())

	sandboxAddr, sandboxNote := "", "none (--code-share 0)"
	if o.codeShare > 0 {
		// The sandbox's state dir must sit under a world-searchable path.
		state := filepath.Join(os.TempDir(), fmt.Sprintf("tds-bench-evolve-%d", os.Getpid()))
		defer os.RemoveAll(state)
		if sandboxAddr, err = serve(ctx, &wg, sandbox.New(), []string{"-host_id_base", "620000", "-state_dir", state}, errc); err != nil {
			return err
		}
		sandboxNote = "in-process sandbox service, host uids 620000+"
	}
	bp, closeBP, err := blueprint.NewLocal(blueprint.LocalOptions{})
	if err != nil {
		return err
	}
	defer closeBP()
	ag, closeAgent, err := agent.NewLocal(agent.LocalOptions{SandboxAddr: sandboxAddr})
	if err != nil {
		return err
	}
	defer closeAgent()

	p := &pipeline{clusters: clusters, blueprints: bp, agent: ag, cache: map[string]*clusterv1.Cluster{}}
	var results []result
	for _, name := range o.strategies {
		kind, ok := map[string]evolvev1.Strategy{"tdscaling": evolvev1.Strategy_STRATEGY_TDSCALING, "uniform": evolvev1.Strategy_STRATEGY_UNIFORM}[strings.TrimSpace(name)]
		if !ok {
			return fmt.Errorf("--strategies: unknown strategy %q (want tdscaling or uniform)", name)
		}
		fmt.Fprintf(os.Stderr, "running %s to %d accepted records...\n", name, o.n)
		r, err := p.job(ctx, o, kind, corpusID, built.GetClusteringId())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		results = append(results, r)
		select {
		case err := <-errc:
			return err
		default:
		}
	}
	print(os.Stdout, o, results, sandboxNote, built.GetClusterCount())
	return nil
}

func importCorpus(ctx context.Context, c clusterv1.ClusterServiceClient, files []string) (corpusID string, tools int64, err error) {
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return "", 0, err
		}
		stream, err := c.ImportTools(ctx)
		if err != nil {
			f.Close()
			return "", 0, err
		}
		h := &clusterv1.ImportHeader{CorpusId: corpusID, CorpusName: corpusName(files), Source: filepath.Base(path)}
		if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Header{Header: h}}); err != nil {
			f.Close()
			return "", 0, err
		}
		buf := make([]byte, 1<<20)
		for {
			n, rerr := f.Read(buf)
			if n > 0 {
				if err := stream.Send(&clusterv1.ImportToolsRequest{Payload: &clusterv1.ImportToolsRequest_Chunk{Chunk: append([]byte(nil), buf[:n]...)}}); err != nil {
					f.Close()
					return "", 0, err
				}
			}
			if rerr == io.EOF {
				break
			}
			if rerr != nil {
				f.Close()
				return "", 0, rerr
			}
		}
		f.Close()
		resp, err := stream.CloseAndRecv()
		if err != nil {
			return "", 0, fmt.Errorf("ImportTools %s: %w", path, err)
		}
		corpusID = resp.GetCorpus().GetId()
		tools += resp.GetImported()
	}
	return corpusID, tools, nil
}

// pipeline is one task's way: GetCluster → DraftBlueprint (cluster inline)
// → Rollout, as an agent worker does it.
type pipeline struct {
	clusters   clusterv1.ClusterServiceClient
	blueprints blueprintv1.BlueprintServiceServer
	agent      agentv1.AgentServiceServer
	mu         sync.Mutex
	cache      map[string]*clusterv1.Cluster
	// refused counts rollouts the agent refused (InvalidArgument).
	refused atomic.Int64
}

func (p *pipeline) cluster(ctx context.Context, id string) (*clusterv1.Cluster, error) {
	p.mu.Lock()
	c, ok := p.cache[id]
	p.mu.Unlock()
	if ok {
		return c, nil
	}
	resp, err := p.clusters.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: id})
	if err != nil {
		return nil, fmt.Errorf("GetCluster(%s): %w", id, err)
	}
	p.mu.Lock()
	p.cache[id] = resp.GetCluster()
	p.mu.Unlock()
	return resp.GetCluster(), nil
}

// rollout runs one task; a target the cluster cannot realise is a rejected
// rollout (REJECT_REASON_BLUEPRINT_DRAFT), like the agent worker's.
func (p *pipeline) rollout(ctx context.Context, t *evolvev1.Task) (*agentv1.RolloutResult, error) {
	cl, err := p.cluster(ctx, t.GetClusterId())
	if err != nil {
		return nil, err
	}
	dr, err := p.blueprints.DraftBlueprint(ctx, &blueprintv1.DraftBlueprintRequest{
		ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cl}, Target: t.GetTarget(), Seed: t.GetSeed(), JobId: t.GetJobId(),
	})
	if err != nil {
		switch status.Code(err) {
		case codes.FailedPrecondition, codes.InvalidArgument, codes.NotFound:
			return &agentv1.RolloutResult{TaskId: t.GetId(), JobId: t.GetJobId(), Rejections: []*trajectoryv1.Rejection{{
				Reason: trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT_DRAFT, Detail: status.Convert(err).Message()}}}, nil
		}
		return nil, fmt.Errorf("DraftBlueprint: %w", err)
	}
	resp, err := p.agent.Rollout(ctx, &agentv1.RolloutRequest{Blueprint: dr.GetBlueprint(), Tools: cl.GetTools(), JobId: t.GetJobId(), TaskId: t.GetId(), Seed: t.GetSeed()})
	if status.Code(err) == codes.InvalidArgument {
		// The agent refuses a cluster whose tool schemas it cannot compile
		// (e.g. a pattern Go's regexp rejects); in the job flow the task
		// would be dead-lettered. Here it is a rejected rollout.
		p.refused.Add(1)
		return &agentv1.RolloutResult{TaskId: t.GetId(), JobId: t.GetJobId(), Rejections: []*trajectoryv1.Rejection{{
			Reason: trajectoryv1.RejectReason_REJECT_REASON_SCHEMA, Detail: status.Convert(err).Message()}}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("Rollout(%s): %w", t.GetId(), err)
	}
	return resp.GetResult(), nil
}

type result struct {
	name     string
	report   *evolvev1.Report
	tasks    int64
	stopped  string
	duration time.Duration
	refused  int64
}

// job runs one job: a window of tasks in flight, results observed in task
// order, one new task per observation until the job stops.
func (p *pipeline) job(ctx context.Context, o options, kind evolvev1.Strategy, corpusID, clusteringID string) (result, error) {
	name := strings.ToLower(strings.TrimPrefix(kind.String(), "STRATEGY_"))
	ev := evolve.NewLocal(evolve.LocalOptions{Clusters: p.clusters})
	share := o.codeShare
	job := &jobv1.Job{Id: "bench-" + name, CorpusId: corpusID, ClusteringId: clusteringID, Spec: &jobv1.JobSpec{
		TargetRecords: o.n, Seed: o.seed, CodeToolShare: &share,
		Strategy: &evolvev1.StrategySpec{Strategy: kind, Window: int32(o.window)},
		Budget:   &jobv1.Budget{MaxAttempts: o.maxTasks},
	}}
	start := time.Now()
	if err := ev.Start(ctx, job); err != nil {
		return result{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type done struct {
		index int
		res   *agentv1.RolloutResult
		err   error
	}
	todo := make(chan indexed, 1<<16)
	out := make(chan done, 1<<16)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(todo)
	for range o.workers {
		wg.Go(func() {
			for t := range todo {
				res, err := p.rollout(ctx, t.task)
				select {
				case out <- done{t.index, res, err}:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	var issued []*evolvev1.Task
	issue := func(n int) error {
		resp, err := ev.NextTargets(ctx, &evolvev1.NextTargetsRequest{JobId: job.GetId(), N: int32(n)})
		if err != nil {
			return err
		}
		for _, t := range resp.GetTasks() {
			todo <- indexed{len(issued), t}
			issued = append(issued, t)
		}
		return nil
	}
	if err := issue(o.window); err != nil {
		return result{}, err
	}
	pending := map[int]*agentv1.RolloutResult{}
	samples := map[string]int{}
	next := 0
	lastPrint := time.Now()
	for next < len(issued) {
		d := <-out
		if d.err != nil {
			return result{}, d.err
		}
		pending[d.index] = d.res
		for res, ok := pending[next]; ok; res, ok = pending[next] {
			delete(pending, next)
			next++
			if o.samples > 0 && !res.GetPassed() {
				for _, r := range res.GetRejections() {
					if k := r.GetReason().String(); samples[k] < o.samples {
						samples[k]++
						fmt.Fprintf(os.Stderr, "  sample rejection %s: %.300s\n", k, r.GetDetail())
					}
				}
			}
			obs, err := ev.Observe(ctx, &evolvev1.ObserveRequest{Result: res})
			if err != nil {
				return result{}, err
			}
			if obs.GetDecision() == evolvev1.Decision_DECISION_DROPPED {
				continue
			}
			if err := issue(1); err != nil {
				return result{}, err
			}
			if time.Since(lastPrint) > 10*time.Second {
				s := obs.GetSnapshot()
				fmt.Fprintf(os.Stderr, "  %s: %d accepted, %d rejected, H_dom %.3f, H_mode %.3f, %.0f s\n", name, s.GetAccepted(), s.GetRejected(), s.GetHDom(), s.GetHMode(), time.Since(start).Seconds())
				lastPrint = time.Now()
			}
		}
	}
	rep, err := ev.GetReport(ctx, &evolvev1.GetReportRequest{JobId: job.GetId()})
	if err != nil {
		return result{}, err
	}
	stopped, err := ev.Stopped(ctx, job.GetId())
	if err != nil {
		return result{}, err
	}
	if stopped == "" {
		return result{}, errors.New("the job neither reached its target nor spent its budget")
	}
	return result{name: name, report: rep.GetReport(), tasks: int64(len(issued)), stopped: stopped, duration: time.Since(start), refused: p.refused.Swap(0)}, nil
}

type indexed struct {
	index int
	task  *evolvev1.Task
}

func print(w io.Writer, o options, rs []result, sandboxNote string, clusters int64) {
	names := make([]string, len(o.corpus))
	for i, c := range o.corpus {
		names[i] = filepath.Base(c)
	}
	fmt.Fprintf(w, "corpus: %s, %d clusters; seed %d; code share %.3f; sandbox: %s; window %d, %d workers\n\n",
		strings.Join(names, ", "), clusters, o.seed, o.codeShare, sandboxNote, o.window, o.workers)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "strategy\taccepted\ttasks\tH_dom bits\tuniform H_dom (dry draw)\tH_mode bits\tH_req bits\trequests/record\tdomains\tsignatures\tCAC mean\tCAC p50\tCAC p90\tnear-dup rate\trejection rate\trun s\tstopped\t")
	for _, r := range rs {
		f := r.report.GetFinal()
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.4f\t%.4f\t%.1f\t%s\t\n",
			r.name, f.GetAccepted(), r.tasks, f.GetHDom(), r.report.GetUniformBaseline().GetHDom(), f.GetHMode(), f.GetHRequest(), f.GetRequestsPerRecord(),
			f.GetDistinctDomains(), f.GetDistinctSignatures(),
			f.GetCacMean(), f.GetCacP50(), f.GetCacP90(), r.report.GetNearDuplicateRate(), r.report.GetRejectionRate(), r.duration.Seconds(), r.stopped)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nrejections by reason (share of tasks observed):")
	for _, r := range rs {
		var parts []string
		total := r.report.GetFinal().GetAccepted() + r.report.GetFinal().GetRejected()
		for _, c := range r.report.GetRejections() {
			parts = append(parts, fmt.Sprintf("%s %.4f", c.GetKey(), float64(c.GetCount())/float64(max(total, 1))))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "  %s: %s (of which the agent refused %d rollouts: tool schemas it cannot compile)\n", r.name, strings.Join(parts, ", "), r.refused)
	}
	fmt.Fprintln(w, "\ndomains (accepted records) and primitives (accepted records realising each):")
	for _, r := range rs {
		var d, pr []string
		for _, c := range r.report.GetDomains() {
			d = append(d, fmt.Sprintf("%s %d", c.GetKey(), c.GetCount()))
		}
		for _, c := range r.report.GetPrimitives() {
			pr = append(pr, fmt.Sprintf("%s %d", strings.TrimPrefix(c.GetKey(), "REASONING_PRIMITIVE_"), c.GetCount()))
		}
		fmt.Fprintf(w, "  %s domains: %s\n  %s primitives: %s\n", r.name, strings.Join(d, ", "), r.name, strings.Join(pr, ", "))
	}
	fmt.Fprintln(w, "\nthe paper's dataset: H_dom 4.25 bits, H_mode 8.97 bits; near-duplicate rate is among verified rollouts")
}

// corpusName names a corpus by its first file ("apisguru_datafire.cloud"),
// as the dataset card will.
func corpusName(files []string) string {
	if len(files) == 0 {
		return "corpus"
	}
	return strings.TrimSuffix(filepath.Base(files[0]), filepath.Ext(files[0]))
}
