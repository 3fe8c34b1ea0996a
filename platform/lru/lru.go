// Package lru is a bounded map that forgets the least recently used entry
// when full: for values that are costly to make and cheap to make again
// (compiled schemas, catalogs, clusters fetched by id). Safe for concurrent
// use.
package lru

import (
	"container/list"
	"sync"
)

// Cache holds at most its capacity of entries.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	items map[K]*list.Element
	order *list.List // front: most recently used
}

type entry[K comparable, V any] struct {
	key K
	val V
}

// New returns a cache of at most max entries; max < 1 keeps nothing.
func New[K comparable, V any](max int) *Cache[K, V] {
	return &Cache[K, V]{max: max, items: map[K]*list.Element{}, order: list.New()}
}

// Get returns the value of key and whether it was there.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[K, V]).val, true
	}
	var zero V
	return zero, false
}

// Add sets key to val, forgetting the least recently used entry when full,
// and returns the value now cached: val, or the one another caller added
// first (so racing callers end up sharing one value).
func (c *Cache[K, V]) Add(key K, val V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[K, V]).val
	}
	if c.max < 1 {
		return val
	}
	if c.order.Len() >= c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry[K, V]).key)
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key, val})
	return val
}

// Len is the number of entries.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
