// Package gateway is the gateway service: the public API (JobService over
// gRPC and HTTP/JSON), job state in JetStream KV, and the dataset sink that
// writes each job's dataset directory. It is hosted by its own binary
// (cmd/gateway) and by the all-in-one `tds up`.
package gateway

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dashboard"
	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/gateway/internal/engine"
	"github.com/tdscaling/tdscaling/gateway/internal/httpapi"
	"github.com/tdscaling/tdscaling/gateway/internal/jobs"
	"github.com/tdscaling/tdscaling/gateway/internal/server"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/fscap"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/lease"
	"github.com/tdscaling/tdscaling/platform/rungroup"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7100"

// DefaultHTTPListen is the HTTP/JSON address when run on its own.
const DefaultHTTPListen = "127.0.0.1:7180"

// DashboardPath is where the HTTP server serves the web dashboard.
const DashboardPath = dashboard.Path

// Default addresses of the peers.
const (
	DefaultClusterAddr = "127.0.0.1:7101"
	DefaultEvolveAddr  = "127.0.0.1:7104"
)

// Service is the gateway.
type Service struct {
	server       app.ServerFlags
	httpListen   string
	dataDir      string
	clusterAddr  string
	clusterToken string
	evolveAddr   string
	evolveToken  string
	corpusRoots  string
	exportRoots  string
	corpusMax    int64
	leaseTTL     time.Duration
	traceURL     string

	mu     sync.Mutex
	onHTTP func(addr string)
}

// New returns the service with its defaults.
func New() *Service { return &Service{} }

// Name implements app.Service.
func (s *Service) Name() string { return "gateway" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.StringVar(&s.httpListen, "http.listen", DefaultHTTPListen, "HTTP/JSON API and /openapi.json listen address; empty disables HTTP")
	fs.StringVar(&s.dataDir, "data_dir", ".tds", "directory for datasets of jobs that name no output directory (<data_dir>/jobs/<job id>)")
	fs.StringVar(&s.clusterAddr, "cluster.addr", DefaultClusterAddr, "cluster service gRPC address (corpus import and clustering)")
	fs.StringVar(&s.clusterToken, "cluster.token", "", "bearer token sent to the cluster service, when it requires one")
	fs.StringVar(&s.evolveAddr, "evolve.addr", DefaultEvolveAddr, "evolve service gRPC address (job reports)")
	fs.StringVar(&s.evolveToken, "evolve.token", "", "bearer token sent to the evolve service, when it requires one")
	fs.StringVar(&s.corpusRoots, "corpus.roots", "", "comma-separated directories whose files CreateJob may import by path (spec.corpus.path); empty: none, corpora arrive by UploadCorpus or corpus_id")
	fs.StringVar(&s.exportRoots, "export.roots", "", "comma-separated directories jobs may write datasets under (spec.output_dir), besides <data_dir>/jobs")
	fs.Int64Var(&s.corpusMax, "corpus.max_bytes", engine.DefaultMaxCorpusBytes, "largest corpus file or upload, in bytes")
	fs.DurationVar(&s.leaseTTL, "lease.ttl", lease.DefaultTTL, "how long a job's sink lease outlives its owner's last renewal: when a gateway replica dies, another writes its jobs' datasets this long after")
	fs.StringVar(&s.traceURL, "dashboard.trace_url", dashboard.DefaultTraceURL, "link of a job's trace on the dashboard, {trace_id} replaced by its id (e.g. Jaeger's UI); empty shows the id alone")
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	if s.httpListen != "" {
		_, _, err := net.SplitHostPort(s.httpListen)
		v.Check(err == nil, "http.listen", "want host:port or empty, got %q", s.httpListen)
	}
	for key, addr := range map[string]string{"cluster.addr": s.clusterAddr, "evolve.addr": s.evolveAddr} {
		err := grpcclient.CheckTarget(addr)
		v.Check(err == nil, key, "want host:port, got %q", addr)
	}
	v.Check(s.dataDir != "", "data_dir", "must not be empty")
	v.Check(s.corpusMax > 0, "corpus.max_bytes", "must be positive, got %d", s.corpusMax)
	v.Check(s.leaseTTL >= 300*time.Millisecond, "lease.ttl", "want at least 300ms, got %s", s.leaseTTL)
	for key, list := range map[string]string{"corpus.roots": s.corpusRoots, "export.roots": s.exportRoots} {
		_, err := fscap.NewRoots(splitList(list)...)
		v.Check(err == nil, key, "want existing directories: %v", err)
	}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// SetCorpusRoots sets the directories whose files jobs may import by path
// (tds synth: the directories of the corpus files it was given).
func (s *Service) SetCorpusRoots(dirs []string) { s.corpusRoots = strings.Join(dirs, ",") }

// SetExportRoots sets the directories jobs may write datasets under.
func (s *Service) SetExportRoots(dirs []string) { s.exportRoots = strings.Join(dirs, ",") }

// DatasetNames are the entries a job writes into its dataset directory.
func DatasetNames() []string { return dataset.Names() }

// WriteHubDataset lays the finished dataset in src out in dst as a Hugging
// Face Hub dataset repository (data/train-*.parquet, the card naming it),
// ready for push_to_hub or huggingface-cli upload; dst must be new or
// empty. It returns the files written, relative to dst.
func WriteHubDataset(src, dst string) ([]string, error) { return dataset.HubLayout(src, dst) }

// SetPeer implements app.Peered: the gateway calls the cluster and evolve services.
func (s *Service) SetPeer(name, addr, token string) {
	switch name {
	case "cluster":
		s.clusterAddr = addr
		if s.clusterToken == "" {
			s.clusterToken = token
		}
	case "evolve":
		s.evolveAddr = addr
		if s.evolveToken == "" {
			s.evolveToken = token
		}
	}
}

// SetHTTPListen sets the HTTP/JSON address (a host that picks ports, e.g.
// "127.0.0.1:0"); empty disables HTTP.
func (s *Service) SetHTTPListen(addr string) { s.httpListen = addr }

// SetDataDir sets where datasets of jobs without an output directory go.
func (s *Service) SetDataDir(dir string) { s.dataDir = dir }

// OnHTTPReady registers fn to receive the HTTP/JSON address once it is bound
// (before the gRPC server reports ready).
func (s *Service) OnHTTPReady(fn func(addr string)) {
	s.mu.Lock()
	s.onHTTP = fn
	s.mu.Unlock()
}

// Run implements app.Service.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	if env.NATS == nil {
		return errors.New("the gateway needs NATS JetStream: set --nats.url")
	}
	log := env.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bus, err := events.New(env.NATS, events.WithTracerProvider(env.Telemetry.Tracer), events.WithPropagator(env.Telemetry.Propagator),
		events.WithMeterProvider(env.Telemetry.Meter))
	if err != nil {
		return err
	}
	if err := bus.EnsureStreams(ctx, env.NATSReplicas); err != nil {
		return err
	}
	store, err := jobs.Open(ctx, bus.JetStream(), env.NATSReplicas)
	if err != nil {
		return err
	}
	jobsDir := filepath.Join(s.dataDir, "jobs")
	if err := os.MkdirAll(jobsDir, 0o755); err != nil {
		return fmt.Errorf("data_dir: %w", err)
	}
	importRoots, err := fscap.NewRoots(splitList(s.corpusRoots)...)
	if err != nil {
		return fmt.Errorf("corpus.roots: %w", err)
	}
	exportRoots, err := fscap.NewRoots(append([]string{jobsDir}, splitList(s.exportRoots)...)...)
	if err != nil {
		return fmt.Errorf("export.roots: %w", err)
	}
	clusterConn, err := grpcclient.Dial(s.clusterAddr, grpcclient.Config{Token: s.clusterToken, Telemetry: env.Telemetry})
	if err != nil {
		return fmt.Errorf("cluster.addr: %w", err)
	}
	defer clusterConn.Close()
	evolveConn, err := grpcclient.Dial(s.evolveAddr, grpcclient.Config{Token: s.evolveToken, Telemetry: env.Telemetry})
	if err != nil {
		return fmt.Errorf("evolve.addr: %w", err)
	}
	defer evolveConn.Close()
	// Every replica runs the sink; each job's dataset is written by the one
	// holding its lease.
	var eng *engine.Engine
	leases, err := lease.Open(ctx, bus.JetStream(), lease.Config{Kind: "sink", TTL: s.leaseTTL, Replicas: env.NATSReplicas,
		Logger: log, OnLost: func(job string) { eng.Lost(job) }})
	if err != nil {
		return err
	}
	eng = engine.New(engine.Config{
		Leases: leases,
		Store:  store, Bus: bus, DataDir: s.dataDir, Logger: log,
		Cluster:     clusterv1.NewClusterServiceClient(clusterConn),
		Evolve:      evolvev1.NewEvolveServiceClient(evolveConn),
		Tracer:      env.Telemetry.Tracer,
		Meter:       env.Telemetry.Meter,
		ImportRoots: importRoots, ExportRoots: exportRoots, MaxCorpusBytes: s.corpusMax,
	})

	var httpLis net.Listener
	if s.httpListen != "" {
		if httpLis, err = grpcserver.Listen(s.httpListen); err != nil {
			return fmt.Errorf("http.listen: %w", err)
		}
		defer httpLis.Close()
		s.mu.Lock()
		fn := s.onHTTP
		s.mu.Unlock()
		if fn != nil {
			fn(httpLis.Addr().String())
		}
	}

	g, _ := rungroup.New(ctx)
	grpcAddr := make(chan string, 1)
	inner := env.Ready
	env.Ready = func(addr string) {
		grpcAddr <- addr
		if inner != nil {
			inner(addr)
		}
	}
	s.server.MaxRecvMsgSize = server.MaxRequestBytes
	s.server.MethodLimits = server.RequestLimits
	g.Go(func(ctx context.Context) error {
		return s.server.Serve(ctx, env, func(srv *grpcserver.Server) {
			jobv1.RegisterJobServiceServer(srv.GRPC(), server.New(eng, log))
		})
	})
	g.Go(func(ctx context.Context) error {
		if err := eng.Run(ctx); err != nil {
			return fmt.Errorf("job flow: %w", err)
		}
		return nil
	})
	if httpLis != nil {
		g.Go(func(ctx context.Context) error {
			select {
			case addr := <-grpcAddr:
				return s.serveHTTP(ctx, httpLis, addr, eng, env, log)
			case <-ctx.Done():
				return nil
			}
		})
	}
	return g.Wait()
}

func (s *Service) serveHTTP(ctx context.Context, lis net.Listener, grpcAddr string, eng *engine.Engine, env app.Env, log *slog.Logger) error {
	conn, err := grpcclient.Dial(grpcAddr, grpcclient.Config{Telemetry: env.Telemetry})
	if err != nil {
		return err
	}
	defer conn.Close()
	guard := httpapi.Guard{Limits: server.RequestLimits, DefaultLimit: server.MaxRequestBytes}
	if tokens := s.server.TokenList(); len(tokens) > 0 {
		guard.Tokens = grpcserver.NewTokens(tokens)
	}
	api, err := httpapi.Handler(ctx, conn, guard)
	if err != nil {
		return err
	}
	h := http.NewServeMux()
	h.Handle("/", api)
	// The dashboard reads the engine as the caller's token, like the API.
	dash := dashboard.Handler(dashboard.Config{Jobs: eng, Tokens: guard.Tokens, TraceURL: s.traceURL, Logger: log, Stop: ctx.Done(),
		Status: func(ctx context.Context, err error) error { return server.Status(ctx, log, err) }})
	h.Handle("/dashboard", dash)
	h.Handle(dashboard.Path, dash)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Info("serving HTTP/JSON", "addr", lis.Addr().String(), "openapi", "http://"+lis.Addr().String()+"/openapi.json",
		"dashboard", "http://"+lis.Addr().String()+dashboard.Path)
	if err := srv.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
