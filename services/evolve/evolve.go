// Package evolve is the evolve service: diversity measurement as data
// arrives, the targets of the next tasks (the tdscaling strategy and the
// uniform baseline), the near-duplicate guard and the reports. It is hosted
// by its own binary (cmd/evolve) and by the all-in-one `tds up`; NewLocal
// runs it in process (benchmarks, tests).
//
// With a NATS connection it runs its part of the job flow (internal/loop)
// and keeps each job's state in the JetStream KV bucket "tds_evolve", so a
// restarted service resumes every job exactly; without one it serves the
// RPCs over in-memory job states.
package evolve

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/lease"
	"github.com/tdscaling/tdscaling/services/evolve/internal/clusterset"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/loop"
	"github.com/tdscaling/tdscaling/services/evolve/internal/server"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7104"

// DefaultClusterAddr is where the cluster service listens by default.
const DefaultClusterAddr = "127.0.0.1:7101"

// Service is the evolve service.
type Service struct {
	server app.ServerFlags
	// ClusterAddr is the cluster service's gRPC address (flag cluster.addr);
	// tds up sets it through SetPeer.
	ClusterAddr  string
	clusterToken string
	concurrency  int
	leaseTTL     time.Duration
}

// New returns the service with its defaults.
func New() *Service { return &Service{} }

// Name implements app.Service.
func (s *Service) Name() string { return "evolve" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.StringVar(&s.ClusterAddr, "cluster.addr", DefaultClusterAddr, "cluster service gRPC address (SelectClusters, ListClusters when a job starts)")
	fs.StringVar(&s.clusterToken, "cluster.token", "", "bearer token sent to the cluster service, when it requires one")
	fs.IntVar(&s.concurrency, "loop.concurrency", 1, "rollout results observed at once (results of one job are serialised by its state anyway)")
	fs.DurationVar(&s.leaseTTL, "lease.ttl", lease.DefaultTTL, "how long a job's lease outlives its owner's last renewal: when a replica dies, another takes its jobs over this long after")
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	err := grpcclient.CheckTarget(s.ClusterAddr)
	v.Check(err == nil, "cluster.addr", "want host:port, got %q", s.ClusterAddr)
	v.Check(s.concurrency >= 1 && s.concurrency <= 64, "loop.concurrency", "want 1..64, got %d", s.concurrency)
	v.Check(s.leaseTTL >= 300*time.Millisecond, "lease.ttl", "want at least 300ms, got %s", s.leaseTTL)
}

// SetPeer implements app.Peered: evolve calls the cluster service.
func (s *Service) SetPeer(name, addr, token string) {
	if name != "cluster" {
		return
	}
	s.ClusterAddr = addr
	if s.clusterToken == "" {
		s.clusterToken = token
	}
}

// Run implements app.Service: it serves gRPC and, when env has NATS, runs
// the job loop over job states in JetStream KV.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	conn, err := grpcclient.Dial(s.ClusterAddr, grpcclient.Config{Token: s.clusterToken, Telemetry: env.Telemetry})
	if err != nil {
		return fmt.Errorf("cluster.addr: %w", err)
	}
	defer conn.Close()
	clusters := clusterv1.NewClusterServiceClient(conn)
	var store jobstate.Store = jobstate.NewMemory()
	var bus *events.Bus
	if env.NATS != nil {
		opts := []events.Option{}
		if env.Telemetry.Tracer != nil {
			opts = append(opts, events.WithTracerProvider(env.Telemetry.Tracer))
		}
		if env.Telemetry.Propagator != nil {
			opts = append(opts, events.WithPropagator(env.Telemetry.Propagator))
		}
		opts = append(opts, events.WithMeterProvider(env.Telemetry.Meter))
		if bus, err = events.New(env.NATS, opts...); err != nil {
			return err
		}
		kv, err := jobstate.OpenKV(ctx, bus.JetStream(), env.NATSReplicas)
		if err != nil {
			return err
		}
		store = kv
	}
	jobs := jobstate.NewManager(store)
	handlers := server.New(jobs, env.Logger)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loopDone := make(chan error, 1)
	if bus != nil {
		// Every replica runs the loop; each job is run by the one holding
		// its lease.
		var l *loop.Loop
		leases, err := lease.Open(ctx, bus.JetStream(), lease.Config{Kind: "evolve", TTL: s.leaseTTL, Replicas: env.NATSReplicas,
			Logger: env.Logger, OnLost: func(job string) { l.Lost(job) }})
		if err != nil {
			if ctx.Err() != nil {
				return nil // stopped while starting
			}
			return err
		}
		l = loop.New(bus, jobs, fetcher(clusters), loop.Options{Concurrency: s.concurrency, Replicas: env.NATSReplicas, Logger: env.Logger, Meter: env.Telemetry.Meter,
			Leases: leases})
		handlers.ReadOthersFresh(l.Owns)
		go func() {
			err := l.Run(ctx)
			if err != nil {
				env.Logger.Error("evolve job loop stopped", "err", err)
			}
			cancel() // the service is not whole without its loop
			loopDone <- err
		}()
	} else {
		loopDone <- nil
	}
	err = s.server.Serve(ctx, env, func(srv *grpcserver.Server) {
		evolvev1.RegisterEvolveServiceServer(srv.GRPC(), handlers)
	})
	cancel()
	if lerr := <-loopDone; err == nil {
		err = lerr
	}
	return err
}

func fetcher(c clusterv1.ClusterServiceClient) loop.Fetch {
	return func(ctx context.Context, job *jobv1.Job) (strategy.Pool, error) {
		st := job.GetSpec().GetStrategy()
		return clusterset.Fetch(ctx, c, jobstate.CorpusID(job), job.GetClusteringId(), st.GetStrategy(), int(st.GetMaxClusters()))
	}
}

// LocalOptions configure the service in process.
type LocalOptions struct {
	// Clusters is the cluster service (SelectClusters, ListClusters).
	Clusters clusterv1.ClusterServiceClient
	Logger   *slog.Logger
}

// Local is the service in process, over in-memory job states: the RPCs
// (evolvev1.EvolveServiceServer) plus Start, which the job loop does from
// JobCreated in the service.
type Local struct {
	evolvev1.EvolveServiceServer
	jobs     *jobstate.Manager
	clusters clusterv1.ClusterServiceClient
}

// NewLocal returns the service in process.
func NewLocal(o LocalOptions) *Local {
	jobs := jobstate.NewManager(jobstate.NewMemory())
	return &Local{EvolveServiceServer: server.New(jobs, o.Logger), jobs: jobs, clusters: o.Clusters}
}

// Start starts a job (idempotent by job id): it fetches the clusters its
// strategy targets. The job needs an id, target_records and a corpus id
// (job.corpus_id or spec.corpus.corpus_id); clustering_id empty means the
// corpus's latest clustering.
func (l *Local) Start(ctx context.Context, job *jobv1.Job) error {
	_, _, err := l.jobs.Start(ctx, job, func(ctx context.Context) (strategy.Pool, error) {
		return fetcher(l.clusters)(ctx, job)
	})
	return err
}

// Stopped says why a job stopped (target reached, budget spent), "" while
// it runs.
func (l *Local) Stopped(ctx context.Context, jobID string) (string, error) {
	j, err := l.jobs.Get(ctx, jobID)
	if err != nil {
		return "", err
	}
	return j.Stopped(), nil
}
