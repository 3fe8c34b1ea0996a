package lru

import (
	"fmt"
	"sync"
	"testing"
)

func TestEvictsTheLeastRecentlyUsed(t *testing.T) {
	c := New[string, int](2)
	c.Add("a", 1)
	c.Add("b", 2)
	if v, ok := c.Get("a"); !ok || v != 1 { // a is now the most recent
		t.Fatalf("a = %v, %v", v, ok)
	}
	c.Add("c", 3) // evicts b
	if _, ok := c.Get("b"); ok {
		t.Fatal("b survived though least recently used")
	}
	for k, want := range map[string]int{"a": 1, "c": 3} {
		if v, ok := c.Get(k); !ok || v != want {
			t.Fatalf("%s = %v, %v; want %d", k, v, ok, want)
		}
	}
	if c.Len() != 2 {
		t.Fatalf("len %d", c.Len())
	}
}

func TestAddKeepsTheFirstValue(t *testing.T) {
	c := New[string, int](4)
	if got := c.Add("k", 1); got != 1 {
		t.Fatalf("first add returned %d", got)
	}
	if got := c.Add("k", 2); got != 1 {
		t.Fatalf("second add returned %d, want the cached 1", got)
	}
}

func TestZeroCapacityKeepsNothing(t *testing.T) {
	c := New[int, int](0)
	if got := c.Add(1, 7); got != 7 {
		t.Fatalf("add returned %d", got)
	}
	if _, ok := c.Get(1); ok || c.Len() != 0 {
		t.Fatal("a zero-capacity cache kept an entry")
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New[string, int](64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				k := fmt.Sprint((g*7 + i) % 100)
				if v, ok := c.Get(k); ok && fmt.Sprint(v) != k {
					t.Errorf("%s = %d", k, v)
				}
				var n int
				fmt.Sscan(k, &n)
				c.Add(k, n)
			}
		})
	}
	wg.Wait()
	if c.Len() > 64 {
		t.Fatalf("len %d over capacity", c.Len())
	}
}
