package community

import (
	"slices"
	"testing"
)

// cliques builds k cliques of size s, joined in a ring by one weak edge each.
func cliques(k, s int, weak float32) Graph {
	g := Graph{Adj: make([][]Arc, k*s)}
	add := func(a, b int, w float32) {
		g.Adj[a] = append(g.Adj[a], Arc{int32(b), w})
		g.Adj[b] = append(g.Adj[b], Arc{int32(a), w})
	}
	for c := range k {
		for i := range s {
			for j := i + 1; j < s; j++ {
				add(c*s+i, c*s+j, 1)
			}
		}
		add(c*s, ((c+1)%k)*s+1, weak)
	}
	return g
}

func TestFindsCliques(t *testing.T) {
	for _, cpm := range []bool{false, true} {
		g := cliques(6, 5, 0.1)
		res := 1.0
		if cpm {
			res = 0.3
		}
		m := Louvain(g, Options{Resolution: res, CPM: cpm, MaxSize: 12})
		clusters := Finalize(g, m, 3, 12)
		if len(clusters) != 6 {
			t.Fatalf("cpm=%v: %d clusters, want 6: %v", cpm, len(clusters), clusters)
		}
		for _, c := range clusters {
			if len(c) != 5 || c[4]-c[0] != 4 || c[0]%5 != 0 {
				t.Errorf("cpm=%v: cluster %v is not one clique", cpm, c)
			}
		}
	}
}

func TestSizeCapHolds(t *testing.T) {
	g := cliques(1, 30, 0) // one clique of 30
	m := Louvain(g, Options{CPM: true, Resolution: 0.1, MaxSize: 8})
	clusters := Finalize(g, m, 3, 8)
	total := 0
	for _, c := range clusters {
		if len(c) > 8 || len(c) < 3 {
			t.Fatalf("cluster of %d outside 3..8", len(c))
		}
		total += len(c)
	}
	if total < 24 {
		t.Fatalf("only %d of 30 nodes clustered", total)
	}
}

func TestFinalizeSplitsDisconnectedAndDropsTiny(t *testing.T) {
	g := Graph{Adj: make([][]Arc, 7)}
	add := func(a, b int) {
		g.Adj[a] = append(g.Adj[a], Arc{int32(b), 1})
		g.Adj[b] = append(g.Adj[b], Arc{int32(a), 1})
	}
	add(0, 1)
	add(1, 2)
	add(3, 4)
	add(4, 5)
	// One community holding two components, and a lone node.
	m := []int32{0, 0, 0, 0, 0, 0, 1}
	got := Finalize(g, m, 3, 12)
	want := [][]int32{{0, 1, 2}, {3, 4, 5}}
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
