// Package agent is the agent service: multi-agent rollout of blueprints into
// verified trajectories (docs/design.md#trajectory-record, docs/metrics.md).
// It serves the Rollout RPC and, when the event bus is configured, runs
// workers that consume rollout tasks from the JetStream work queue. It is
// hosted by its own binary (cmd/agent), by the all-in-one `tds up`, and
// in-process (NewLocal) by callers that roll out many trajectories without
// a network hop.
package agent

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"
	"google.golang.org/grpc"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/telemetry"
	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/platform/version"

	"github.com/tdscaling/tdscaling/services/agent/internal/codetool"
	"github.com/tdscaling/tdscaling/services/agent/internal/drafter"
	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/runner"
	"github.com/tdscaling/tdscaling/services/agent/internal/server"
	"github.com/tdscaling/tdscaling/services/agent/internal/worker"
)

// Default addresses, as `tds up` lays the services out.
const (
	DefaultListen        = "127.0.0.1:7103"
	DefaultClusterAddr   = "127.0.0.1:7101"
	DefaultBlueprintAddr = "127.0.0.1:7102"
)

// DefaultWorkerConcurrency is the number of rollouts a worker runs at once,
// and the least when it adapts to the model endpoints (worker.max_concurrency).
const DefaultWorkerConcurrency = 16

// DefaultWorkerMaxConcurrency bounds the rollouts a worker runs at once to
// keep its model endpoints busy. Under rate limits a rollout spends most of
// its life waiting out Retry-After, so keeping a fast model busy takes
// several hundred rollouts: at 256 a job under 20 % 429s ran at half the
// healthy rate, at 512 at the healthy rate after its ramp (bench/README.md).
const DefaultWorkerMaxConcurrency = 512

// rolePrefix is the flag prefix of the roles' endpoints (llm.assistant.base_url, ...).
const rolePrefix = "llm."

// playedRoles are the roles this service plays (the planner is the blueprint service's).
var playedRoles = []llm.Role{llm.RoleUserSimulator, llm.RoleAssistant, llm.RoleToolSimulator, llm.RoleJudge}

// Service is the agent service.
type Service struct {
	server app.ServerFlags
	// Peer addresses; a host that learns them after parsing flags (tds up
	// on free ports) sets them through SetPeer before Run.
	clusterAddr, clusterToken     string
	blueprintAddr, blueprintToken string
	sandboxAddr, sandboxToken     string
	roles                         llm.RoleFlags
	judge                         bool
	cacheDir                      string
	keyRefs                       string
	maxCorrections                int
	maxExtraTurns                 int
	modelPatience                 time.Duration
	concurrency                   int
	maxConcurrency                int
	drain                         time.Duration
	abandon                       chan struct{}
	abandonOnce                   sync.Once
}

// New returns the service with its defaults.
func New() *Service { return &Service{abandon: make(chan struct{})} }

// Abandon makes the worker's shutdown drop its rollouts in flight instead
// of letting them finish (worker.drain_timeout): for a host that stops the
// service because the jobs are over (tds synth once its job is done), whose
// rollouts nobody waits for. Safe to call more than once.
func (s *Service) Abandon() { s.abandonOnce.Do(func() { close(s.abandon) }) }

// Name implements app.Service.
func (s *Service) Name() string { return "agent" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.StringVar(&s.clusterAddr, "cluster.addr", DefaultClusterAddr, "cluster service gRPC address (the worker fetches each task's cluster)")
	fs.StringVar(&s.clusterToken, "cluster.token", "", "bearer token sent to the cluster service, when it requires one")
	fs.StringVar(&s.blueprintAddr, "blueprint.addr", DefaultBlueprintAddr, "blueprint service gRPC address (the worker drafts each task's blueprint)")
	fs.StringVar(&s.blueprintToken, "blueprint.token", "", "bearer token sent to the blueprint service, when it requires one")
	fs.StringVar(&s.sandboxAddr, "sandbox.addr", "", "sandbox service gRPC address, for code-tool steps; empty rejects plans with a code step (code output is never faked)")
	fs.StringVar(&s.sandboxToken, "sandbox.token", "", "bearer token sent to the sandbox service, when it requires one")
	s.roles.Register(fs, rolePrefix, playedRoles...)
	fs.BoolVar(&s.judge, "rollout.judge", false, "score every trajectory with the judge (llm.judge.*) as a fourth verification layer")
	fs.StringVar(&s.cacheDir, "llm.cache_dir", "", "directory of the LLM response cache (a re-run repeats no call); empty disables it")
	fs.StringVar(&s.keyRefs, "llm.key_refs", "", "comma-separated api_key_env / api_key_file values a request's endpoints may name (the configured roles' own are always allowed)")
	fs.IntVar(&s.maxCorrections, "rollout.max_corrections", rollout.DefaultMaxCorrections, "off-plan corrections (a hint and a retry) an assistant gets before the rollout is rejected")
	fs.IntVar(&s.maxExtraTurns, "rollout.max_extra_turns", rollout.DefaultMaxExtraTurns, "turns beyond the plan an assistant may take per rollout (a read-only lookup, or asking the user to confirm a write); past it they are off plan")
	fs.DurationVar(&s.modelPatience, "rollout.model_patience", llm.DefaultPatience, "how long a role's model call waits out an endpoint's outage (its retries spent) inside the rollout, asked again with a growing jittered wait, before the rollout is rejected for the model error")
	fs.IntVar(&s.concurrency, "worker.concurrency", DefaultWorkerConcurrency, "rollouts the worker runs at once when the event bus is configured; 0 disables the worker")
	fs.IntVar(&s.maxConcurrency, "worker.max_concurrency", DefaultWorkerMaxConcurrency, "most rollouts the worker runs at once: above worker.concurrency it runs as many as keep each model endpoint's calls in flight near its current limit (measured), so a slow model is not left idle between a rollout's calls")
	fs.DurationVar(&s.drain, "worker.drain_timeout", worker.DefaultDrainTimeout, "on shutdown, how long rollouts in flight get to finish and be published")
}

// ModelServers maps the flag of each OpenAI-compatible server the service
// will call (relative to its own flags) to its base URL, so a host can probe
// them before starting. The judge's counts only when rollout.judge is on.
func (s *Service) ModelServers() map[string]string {
	roles := slices.DeleteFunc(slices.Clone(playedRoles), func(r llm.Role) bool { return r == llm.RoleJudge && !s.judge })
	return s.roles.Servers(roles...)
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	for key, addr := range map[string]string{"cluster.addr": s.clusterAddr, "blueprint.addr": s.blueprintAddr, "sandbox.addr": s.sandboxAddr} {
		if addr != "" {
			err := grpcclient.CheckTarget(addr)
			v.Check(err == nil, key, "want host:port, got %q", addr)
		}
	}
	s.roles.Validate(v)
	v.Check(s.maxCorrections >= 0 && s.maxCorrections <= 20, "rollout.max_corrections", "want 0..20, got %d", s.maxCorrections)
	v.Check(s.maxExtraTurns >= 0 && s.maxExtraTurns <= 20, "rollout.max_extra_turns", "want 0..20, got %d", s.maxExtraTurns)
	v.Check(s.modelPatience >= 0, "rollout.model_patience", "must not be negative, got %s", s.modelPatience)
	v.Check(s.concurrency >= 0 && s.concurrency <= 4096, "worker.concurrency", "want 0..4096, got %d", s.concurrency)
	v.Check(s.maxConcurrency >= 0 && s.maxConcurrency <= 4096, "worker.max_concurrency", "want 0..4096, got %d", s.maxConcurrency)
	v.Check(s.drain > 0, "worker.drain_timeout", "must be positive, got %s", s.drain)
}

// SetPeer implements app.Peered: the agent calls the cluster, blueprint and
// sandbox services.
func (s *Service) SetPeer(name, addr, token string) {
	set := func(a, t *string) {
		*a = addr
		if *t == "" {
			*t = token
		}
	}
	switch name {
	case "cluster":
		set(&s.clusterAddr, &s.clusterToken)
	case "blueprint":
		set(&s.blueprintAddr, &s.blueprintToken)
	case "sandbox":
		set(&s.sandboxAddr, &s.sandboxToken)
	}
}

// Run implements app.Service: it serves the Rollout RPC and, when the event
// bus is configured and worker.concurrency > 0, consumes rollout tasks.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	defaults := map[llm.Role]llm.Endpoint{}
	for _, r := range playedRoles {
		if r != llm.RoleJudge || s.judge {
			defaults[r] = s.roles.Endpoint(r)
		}
	}
	var refs []string
	for _, r := range strings.Split(s.keyRefs, ",") {
		if r = strings.TrimSpace(r); r != "" {
			refs = append(refs, r)
		}
	}
	limiters := &llm.Limiters{}
	// The configured endpoints' limiters exist from the start, so the
	// worker's window opens to their limits at once, not only after the
	// first rollouts made their clients (a job's first seconds ran a
	// handful of rollouts against an idle model).
	for _, r := range playedRoles {
		if e, ok := defaults[r]; ok {
			if e = e.WithDefaults(); e.Provider == llm.ProviderOpenAI {
				limiters.ForEndpoint(e)
			}
		}
	}
	r, closeFn, err := LocalOptions{
		Limiters:    limiters,
		SandboxAddr: s.sandboxAddr, SandboxToken: s.sandboxToken, Roles: defaults, CacheDir: s.cacheDir,
		KeyRefs: refs, MaxCorrections: s.maxCorrections, MaxExtraTurns: extraTurns(s.maxExtraTurns), ModelPatience: patience(s.modelPatience),
		Logger: env.Logger, Telemetry: env.Telemetry,
	}.runner()
	if err != nil {
		return err
	}
	defer closeFn()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workerErr := make(chan error, 1)
	if env.NATS != nil && s.concurrency > 0 {
		go func() {
			err := s.runWorker(ctx, env, r, limiters)
			if err != nil {
				cancel() // a worker that cannot consume stops the service, visibly
			}
			workerErr <- err
		}()
	} else {
		workerErr <- nil
	}
	err = s.server.Serve(ctx, env, func(srv *grpcserver.Server) {
		agentv1.RegisterAgentServiceServer(srv.GRPC(), server.New(r, env.Logger))
	})
	cancel()
	if werr := <-workerErr; werr != nil {
		return werr
	}
	return err
}

func (s *Service) runWorker(ctx context.Context, env app.Env, r *runner.Runner, limiters *llm.Limiters) error {
	bus, err := events.New(env.NATS, events.WithTracerProvider(env.Telemetry.Tracer), events.WithPropagator(env.Telemetry.Propagator),
		events.WithMeterProvider(env.Telemetry.Meter))
	if err != nil {
		return err
	}
	dial := func(addr, token string) (*grpc.ClientConn, error) {
		return grpcclient.Dial(addr, grpcclient.Config{Token: token, Telemetry: env.Telemetry})
	}
	cc, err := dial(s.clusterAddr, s.clusterToken)
	if err != nil {
		return fmt.Errorf("cluster.addr: %w", err)
	}
	defer cc.Close()
	bc, err := dial(s.blueprintAddr, s.blueprintToken)
	if err != nil {
		return fmt.Errorf("blueprint.addr: %w", err)
	}
	defer bc.Close()
	env.Logger.Info("agent worker consuming rollout tasks", "concurrency", s.concurrency, "max_concurrency", max(s.concurrency, s.maxConcurrency))
	return worker.Run(ctx, worker.Config{
		Bus:     bus,
		Drafter: drafter.New(clusterv1.NewClusterServiceClient(cc), blueprintv1.NewBlueprintServiceClient(bc)),
		Roller:  r, DrainTimeout: s.drain, Abandon: s.abandon, Logger: env.Logger, Replicas: env.NATSReplicas,
		Window: &worker.Window{Min: s.concurrency, Max: max(s.concurrency, s.maxConcurrency), Endpoints: limiters.All},
	})
}

// LocalOptions configure the service's handlers in-process, without a gRPC
// server (tds rollout, tds synth, the evolve experiment, benchmarks).
type LocalOptions struct {
	// SandboxAddr is the sandbox service for code steps; empty means none
	// (unless Sandbox is set), and plans with a code step are rejected.
	SandboxAddr  string
	SandboxToken string
	// Sandbox, when set, is used instead of dialling SandboxAddr.
	Sandbox sandboxv1.SandboxServiceClient
	// Roles are the default endpoints of the roles a request leaves unset;
	// a missing role is sim, and the judge runs only when present.
	Roles map[llm.Role]llm.Endpoint
	// CacheDir holds the LLM response cache; empty disables it.
	CacheDir string
	// KeyRefs are the api_key_env / api_key_file values requests may name.
	KeyRefs        []string
	MaxCorrections int
	// MaxExtraTurns bounds lookups and confirmations beyond the plan (0:
	// the engine's default; negative: none).
	MaxExtraTurns int
	// ModelPatience bounds how long a role's call waits out an outage
	// inside the rollout (0: llm.DefaultPatience; negative: not at all).
	ModelPatience time.Duration
	// Limiters, when set, holds the endpoints' limiters (shared with a
	// worker's window); nil makes new ones.
	Limiters *llm.Limiters
	// HTTPClient, when set, carries the LLM calls (benchmarks measure them there).
	HTTPClient *http.Client
	Logger     *slog.Logger
	Telemetry  telemetry.Providers
}

// NewLocal returns the service's handler. It is safe for concurrent use and
// cheap per call (sim rollouts make no network call, compiled tool schemas
// are shared); closeFn releases the connection to the sandbox.
func NewLocal(o LocalOptions) (srv agentv1.AgentServiceServer, closeFn func(), err error) {
	r, closeFn, err := o.runner()
	if err != nil {
		return nil, nil, err
	}
	return server.New(r, o.Logger), closeFn, nil
}

func (o LocalOptions) runner() (*runner.Runner, func(), error) {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var cache *llm.Cache
	if o.CacheDir != "" {
		c, err := llm.NewCache(o.CacheDir)
		if err != nil {
			return nil, nil, fmt.Errorf("llm.cache_dir: %w", err)
		}
		cache = c
	}
	limiters := o.Limiters
	if limiters == nil {
		limiters = &llm.Limiters{}
	}
	cfg := runner.Config{
		Defaults: o.Roles, KeyRefs: o.KeyRefs, MaxCorrections: o.MaxCorrections, MaxExtraTurns: o.MaxExtraTurns, ModelPatience: o.ModelPatience,
		Version: version.String(), Logger: logger,
		LLM: func(e llm.Endpoint) (*llm.Client, error) {
			e = e.WithDefaults()
			return llm.New(e, llm.Options{Cache: cache, Limiter: limiters.ForEndpoint(e), Logger: logger, HTTPClient: o.HTTPClient, Meter: o.Telemetry.Meter})
		},
	}
	closeFn := func() {}
	switch {
	case o.Sandbox != nil:
		cfg.Code = codetool.Runner{C: o.Sandbox}
	case o.SandboxAddr != "":
		conn, err := grpcclient.Dial(o.SandboxAddr, grpcclient.Config{Token: o.SandboxToken, Telemetry: o.Telemetry})
		if err != nil {
			return nil, nil, fmt.Errorf("sandbox.addr: %w", err)
		}
		cfg.Code = codetool.Runner{C: sandboxv1.NewSandboxServiceClient(conn)}
		closeFn = func() { _ = conn.Close() }
	}
	return runner.New(cfg), closeFn, nil
}

// RecordJSON renders a record as one canonical JSON Lines row
// (docs/design.md#trajectory-record): OpenAI chat messages, arguments as a
// JSON string, tool parameters as an object.
func RecordJSON(r *trajectoryv1.Record) ([]byte, error) {
	return trajectory.MarshalProto(r)
}

// patience maps the flag (0: none) to the runner's setting (0: default).
func patience(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// extraTurns maps the flag (0: none) to the engine's setting (0: default).
func extraTurns(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
