// Package cluster is the cluster service: tool corpora, the dependency
// graph, business clusters and their max-coverage selection. It is hosted by
// its own binary (cmd/cluster) and by the all-in-one `tds up`; build.go is
// the small in-process API the CLI and the benchmarks use.
package cluster

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"go.opentelemetry.io/otel/metric"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
	"github.com/tdscaling/tdscaling/services/cluster/internal/depgraph"
	"github.com/tdscaling/tdscaling/services/cluster/internal/edgeconfirm"
	"github.com/tdscaling/tdscaling/services/cluster/internal/server"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7101"

// Service is the cluster service.
type Service struct {
	server  app.ServerFlags
	dataDir string
	// peerTokens act for users or for everyone (auth.peer_tokens).
	peerTokens string
}

// New returns the service with its defaults.
func New() *Service { return &Service{} }

// Name implements app.Service.
func (s *Service) Name() string { return "cluster" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.StringVar(&s.peerTokens, "auth.peer_tokens", "", "comma-separated tokens of the services and operators that act for users: they see and may share every corpus, and may name the user they act for (the gateway does); accepted besides auth.tokens. Other tokens see only their own and shared corpora")
	fs.StringVar(&s.dataDir, "data_dir", filepath.Join(".tds", "cluster"),
		"directory for corpora and clusterings when no NATS server is configured (with NATS they live in the JetStream object store "+store.Bucket+")")
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	v.Check(s.dataDir != "", "data_dir", "must be set")
}

// Run implements app.Service.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	st, where, err := OpenStore(ctx, env, s.dataDir)
	if err != nil {
		return err
	}
	env.Logger.Info("cluster store ready", "store", where)
	s.server.MaxRecvMsgSize = 16 << 20 // import chunks
	srv := server.New(st, env.Logger, confirmer(env.Telemetry.Meter))
	var peers []string
	for _, t := range strings.Split(s.peerTokens, ",") {
		if t = strings.TrimSpace(t); t != "" {
			peers = append(peers, t)
		}
	}
	srv.TrustPeers(peers)
	if len(peers) > 0 && s.server.Tokens != "" {
		s.server.Tokens += "," + strings.Join(peers, ",")
	}
	return s.server.Serve(ctx, env, func(g *grpcserver.Server) {
		clusterv1.RegisterClusterServiceServer(g.GRPC(), srv)
	})
}

// OpenStore opens the JetStream object store when env has NATS, else dataDir.
func OpenStore(ctx context.Context, env app.Env, dataDir string) (*store.Store, string, error) {
	if env.NATS != nil {
		obs, err := store.NewObjects(ctx, env.NATS, env.NATSReplicas)
		if err != nil {
			return nil, "", err
		}
		return store.New(obs), "jetstream object store " + store.Bucket, nil
	}
	dir, err := store.NewDir(dataDir)
	if err != nil {
		return nil, "", err
	}
	return store.New(dir), "directory " + dataDir, nil
}

// roleEdgeConfirmer labels the metrics of the LLM calls that confirm
// dependency edges.
const roleEdgeConfirmer llm.Role = "edge_confirmer"

// confirmer returns what builds an LLM edge confirmer for an endpoint of
// the request, its calls measured in mp.
func confirmer(mp metric.MeterProvider) func(ep *llmv1.Endpoint) (func(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error), error) {
	return func(ep *llmv1.Endpoint) (func(ctx context.Context, from, to *corpus.Tool, e depgraph.Edge) (bool, error), error) {
		client, err := llm.New(llm.FromProto(ep), llm.Options{Meter: mp})
		if err != nil {
			return nil, fmt.Errorf("confirmer: %w", err)
		}
		return edgeconfirm.New(client.WithRole(roleEdgeConfirmer)).Confirm, nil
	}
}
