// Package blueprint is the blueprint service: validated plans of trajectories, drafted from a cluster and a target before any dialogue is written.
// It is hosted by its own binary (cmd/blueprint) and by the all-in-one `tds up`.
package blueprint

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/telemetry"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/llmplanner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/server"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7102"

// DefaultClusterAddr is where the cluster service listens by default.
const DefaultClusterAddr = "127.0.0.1:7101"

// Service is the blueprint service.
type Service struct {
	server app.ServerFlags
	// ClusterAddr is the cluster service's gRPC address (flag cluster.addr).
	// A host that learns the address only after parsing flags (tds up with
	// free ports) sets it before Run.
	ClusterAddr  string
	clusterToken string
	planner      llm.EndpointFlags
	cacheDir     string
	maxAttempts  int
	keyRefs      string
}

// New returns the service with its defaults.
func New() *Service { return &Service{} }

// Name implements app.Service.
func (s *Service) Name() string { return "blueprint" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.StringVar(&s.ClusterAddr, "cluster.addr", DefaultClusterAddr, "cluster service gRPC address, for DraftBlueprint by cluster_id")
	fs.StringVar(&s.clusterToken, "cluster.token", "", "bearer token sent to the cluster service, when it requires one")
	s.planner.Register(fs, "llm.planner.", llm.RolePlanner)
	fs.StringVar(&s.cacheDir, "llm.cache_dir", "", "directory of the LLM response cache (a re-run repeats no call); empty disables it")
	fs.IntVar(&s.maxAttempts, "planner.max_attempts", llmplanner.DefaultAttempts, "draft-and-repair rounds the LLM planner gets to reach a valid plan")
	fs.StringVar(&s.keyRefs, "llm.key_refs", "", "comma-separated api_key_env / api_key_file values a request's planner endpoint may name (the configured planner's own are always allowed)")
}

// ModelServers maps the flag of each OpenAI-compatible server the service
// will call (relative to its own flags) to its base URL, so a host can probe
// them before starting.
func (s *Service) ModelServers() map[string]string {
	out := map[string]string{}
	if flag, url, ok := s.planner.Server(); ok {
		out[flag] = url
	}
	return out
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	if s.ClusterAddr != "" {
		err := grpcclient.CheckTarget(s.ClusterAddr)
		v.Check(err == nil, "cluster.addr", "want host:port, got %q", s.ClusterAddr)
	}
	s.planner.Validate(v)
	v.Check(s.maxAttempts >= 1 && s.maxAttempts <= 20, "planner.max_attempts", "want 1..20, got %d", s.maxAttempts)
}

// Run implements app.Service.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	cfg, closeFn, err := s.config(env)
	if err != nil {
		return err
	}
	defer closeFn()
	return s.server.Serve(ctx, env, func(srv *grpcserver.Server) {
		blueprintv1.RegisterBlueprintServiceServer(srv.GRPC(), server.New(cfg))
	})
}

func (s *Service) config(env app.Env) (server.Config, func(), error) {
	var refs []string
	for _, r := range strings.Split(s.keyRefs, ",") {
		if r = strings.TrimSpace(r); r != "" {
			refs = append(refs, r)
		}
	}
	return LocalOptions{
		ClusterAddr: s.ClusterAddr, ClusterToken: s.clusterToken, Planner: s.planner.Endpoint(),
		CacheDir: s.cacheDir, MaxAttempts: s.maxAttempts, KeyRefs: refs, Logger: env.Logger, Telemetry: env.Telemetry,
	}.config()
}

// LocalOptions configure the service's handlers in-process, without a gRPC
// server (the tds CLI, benchmarks).
type LocalOptions struct {
	// ClusterAddr is the cluster service, for drafts by cluster_id; empty means none.
	ClusterAddr  string
	ClusterToken string
	// Planner is the planner used when a request names none (zero: sim).
	Planner llm.Endpoint
	// CacheDir holds the LLM response cache; empty disables it.
	CacheDir    string
	MaxAttempts int
	// KeyRefs are the api_key_env / api_key_file values requests may name,
	// besides the default planner's own.
	KeyRefs   []string
	Logger    *slog.Logger
	Telemetry telemetry.Providers
}

// NewLocal returns the service's handlers; closeFn releases the connection
// to the cluster service.
func NewLocal(o LocalOptions) (srv blueprintv1.BlueprintServiceServer, closeFn func(), err error) {
	cfg, closeFn, err := o.config()
	if err != nil {
		return nil, nil, err
	}
	return server.New(cfg), closeFn, nil
}

func (o LocalOptions) config() (server.Config, func(), error) {
	def := o.Planner
	refs := append([]string(nil), o.KeyRefs...)
	if def.APIKeyEnv != "" {
		refs = append(refs, def.APIKeyEnv)
	}
	if def.APIKeyFile != "" {
		refs = append(refs, def.APIKeyFile)
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var cache *llm.Cache
	if o.CacheDir != "" {
		c, err := llm.NewCache(o.CacheDir)
		if err != nil {
			return server.Config{}, nil, err
		}
		cache = c
	}
	limiters := &llm.Limiters{}
	cfg := server.Config{
		DefaultPlanner: def,
		MaxAttempts:    o.MaxAttempts,
		KeyRefs:        refs,
		Logger:         logger,
		LLM: func(e llm.Endpoint) (*llm.Client, error) {
			e = e.WithDefaults()
			return llm.New(e, llm.Options{Cache: cache, Limiter: limiters.ForEndpoint(e), Logger: logger, Meter: o.Telemetry.Meter})
		},
	}
	closeFn := func() {}
	if o.ClusterAddr != "" {
		conn, err := grpcclient.Dial(o.ClusterAddr, grpcclient.Config{Token: o.ClusterToken, Telemetry: o.Telemetry})
		if err != nil {
			return server.Config{}, nil, fmt.Errorf("cluster.addr: %w", err)
		}
		cfg.Clusters = ClusterClient{clusterv1.NewClusterServiceClient(conn)}
		closeFn = func() { _ = conn.Close() }
	}
	return cfg, closeFn, nil
}

// ClusterClient adapts the cluster service's client to what the server needs.
type ClusterClient struct {
	C clusterv1.ClusterServiceClient
}

// GetCluster fetches one cluster.
func (c ClusterClient) GetCluster(ctx context.Context, id string) (*clusterv1.Cluster, error) {
	resp, err := c.C.GetCluster(ctx, &clusterv1.GetClusterRequest{ClusterId: id})
	if err != nil {
		return nil, err
	}
	return resp.GetCluster(), nil
}

// SetPeer implements app.Peered: the blueprint service calls the cluster service.
func (s *Service) SetPeer(name, addr, token string) {
	if name != "cluster" {
		return
	}
	s.ClusterAddr = addr
	if s.clusterToken == "" {
		s.clusterToken = token
	}
}
