package catalog

import (
	"crypto/sha256"
	"sync"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/proto"
)

// Cache keeps the catalogs of recently planned clusters: compiling a
// cluster's schemas costs more than drafting a plan, and a job drafts many
// plans per cluster. Entries are keyed by the cluster's content, so an edited
// cluster with the same id is a new entry. Safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	max   int
	items map[[32]byte]*Catalog
	order [][32]byte // insertion order; the oldest is evicted first
}

// NewCache returns a cache of at most max catalogs.
func NewCache(max int) *Cache {
	return &Cache{max: max, items: map[[32]byte]*Catalog{}}
}

// Get returns the catalog of c, building it on a miss.
func (cc *Cache) Get(c *clusterv1.Cluster) *Catalog {
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	if err != nil || cc == nil || cc.max <= 0 {
		return New(c)
	}
	key := sha256.Sum256(raw)
	cc.mu.Lock()
	if cat, ok := cc.items[key]; ok {
		cc.mu.Unlock()
		return cat
	}
	cc.mu.Unlock()
	cat := New(c)
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if _, ok := cc.items[key]; !ok {
		if len(cc.order) >= cc.max {
			delete(cc.items, cc.order[0])
			cc.order = cc.order[1:]
		}
		cc.items[key] = cat
		cc.order = append(cc.order, key)
	}
	return cc.items[key]
}
