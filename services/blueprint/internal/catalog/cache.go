package catalog

import (
	"crypto/sha256"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/lru"
)

// Cache keeps the catalogs of recently planned clusters: compiling a
// cluster's schemas costs more than drafting a plan, and a job drafts many
// plans per cluster. Entries are keyed by the cluster's content, so an edited
// cluster with the same id is a new entry. Safe for concurrent use.
type Cache struct {
	items *lru.Cache[[32]byte, *Catalog]
}

// NewCache returns a cache of at most max catalogs.
func NewCache(max int) *Cache {
	return &Cache{items: lru.New[[32]byte, *Catalog](max)}
}

// Get returns the catalog of c, building it on a miss.
func (cc *Cache) Get(c *clusterv1.Cluster) *Catalog {
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	if err != nil || cc == nil {
		return New(c)
	}
	key := sha256.Sum256(raw)
	if cat, ok := cc.items.Get(key); ok {
		return cat
	}
	return cc.items.Add(key, New(c))
}
