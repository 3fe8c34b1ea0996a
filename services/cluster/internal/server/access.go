package server

import (
	"context"

	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/cluster/internal/store"
)

// access is whom a call acts for. Corpora (and the clusters built from them)
// belong to the principal that imported them: another principal neither
// lists, builds, selects nor reads them unless they are shared. Peer tokens
// (the other services, operators) see every corpus, and may name the user
// they act for with grpcserver.OwnerMetadata, the gateway does for each
// caller; nobody else may.
type access struct {
	// all: no auth, or a peer acting for no one.
	all   bool
	owner string
}

// TrustPeers sets the tokens whose holders act for users or for everyone.
func (s *Server) TrustPeers(tokens []string) {
	s.peers = map[grpcserver.Principal]bool{}
	for _, t := range tokens {
		s.peers[grpcserver.PrincipalOf(t)] = true
	}
}

func (s *Server) accessOf(ctx context.Context) access {
	p := grpcserver.PrincipalFromContext(ctx)
	if p == "" {
		return access{all: true}
	}
	if s.peers[p] {
		if o := grpcserver.OwnerFromMetadata(ctx); o != "" {
			return access{owner: string(o)}
		}
		return access{all: true}
	}
	return access{owner: string(p)}
}

func (a access) canSee(m *store.Manifest) bool { return a.all || m.Shared || m.Owner == a.owner }

// canChange: adding to a corpus and sharing it are its owner's (or a peer's).
func (a access) canChange(m *store.Manifest) bool { return a.all || m.Owner == a.owner }
