package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"

	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

func require[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// backends returns every Blobs implementation, on fresh storage.
func backends(t *testing.T) map[string]func(t *testing.T) Blobs {
	return map[string]func(t *testing.T) Blobs{
		"dir": func(t *testing.T) Blobs {
			d, err := NewDir(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		"jetstream": func(t *testing.T) Blobs {
			ns, err := natsserver.Start(natsserver.Config{StoreDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(ns.Shutdown)
			nc, err := nats.Connect(ns.ClientURL())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(nc.Close)
			o, err := NewObjects(context.Background(), nc, 1)
			if err != nil {
				t.Fatal(err)
			}
			return o
		},
	}
}

func tool(service, name string) *corpus.Tool {
	t := &corpus.Tool{Name: name, Service: service, Domain: "d", License: "MIT", InputSchema: []byte(`{"type":"object"}`)}
	t.ID = corpus.ComputeID(t.Service, t.Name, t.InputSchema)
	return t
}

// emitAll is an ImportFunc that emits tools, deduplicating like the importer.
func emitAll(tools ...*corpus.Tool) ImportFunc {
	return func(seen map[string]struct{}, emit func(*corpus.Tool) error) error {
		for _, t := range tools {
			if _, dup := seen[t.ID]; dup {
				continue
			}
			seen[t.ID] = struct{}{}
			if err := emit(t); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestStore(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := New(open(t))
			m, err := s.Import(ctx, "", NewCorpus{Name: "first", Owner: "p1"}, emitAll(tool("a", "x"), tool("a", "y")))
			if err != nil {
				t.Fatal(err)
			}
			require(t, "tool count", m.ToolCount, int64(2))

			// Adding to it deduplicates against what is stored.
			m, err = s.Import(ctx, m.ID, NewCorpus{}, emitAll(tool("a", "y"), tool("b", "z")))
			if err != nil {
				t.Fatal(err)
			}
			require(t, "tool count", m.ToolCount, int64(3))
			require(t, "services", fmt.Sprint(m.Services), "[a b]")
			require(t, "owner kept by an import into the corpus", m.Owner, "p1")

			// Sharing is stored with the corpus.
			if _, err := s.SetShared(ctx, m.ID, true); err != nil {
				t.Fatal(err)
			}
			sharedM, err := s.Corpus(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			require(t, "shared", sharedM.Shared, true)
			require(t, "owner", sharedM.Owner, "p1")

			// An import that fails halfway leaves the corpus as it was.
			boom := errors.New("boom")
			_, err = s.Import(ctx, m.ID, NewCorpus{}, func(seen map[string]struct{}, emit func(*corpus.Tool) error) error {
				if err := emit(tool("c", "w")); err != nil {
					return err
				}
				return boom
			})
			require(t, "failed import error", errors.Is(err, boom), true)
			again, err := s.Corpus(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			require(t, "tool count after failure", again.ToolCount, int64(3))
			tools, err := s.Tools(ctx, again)
			if err != nil {
				t.Fatal(err)
			}
			require(t, "tools loaded", len(tools), 3)
			segs, _ := s.b.List(ctx, "corpora/"+m.ID+"/seg-")
			require(t, "segments on storage", len(segs), 2)

			// A failed first import creates no corpus.
			_, _ = s.Import(ctx, "", NewCorpus{Name: "doomed"}, func(map[string]struct{}, func(*corpus.Tool) error) error { return boom })
			all, err := s.Corpora(ctx)
			if err != nil {
				t.Fatal(err)
			}
			require(t, "corpora", len(all), 1)

			_, err = s.Corpus(ctx, "cmissing")
			require(t, "missing corpus", errors.Is(err, ErrNotFound), true)

			// Clusterings round-trip and become the latest.
			cs := []*clusterv1.Cluster{{Id: "k1-00001", CorpusId: m.ID, Domain: "d"}}
			if err := s.SaveClustering(ctx, m.ID, ClusteringInfo{ID: "k1", Clusters: 1}, cs); err != nil {
				t.Fatal(err)
			}
			fresh := New(s.b) // no cache
			got, err := fresh.Clustering(ctx, "k1")
			if err != nil {
				t.Fatal(err)
			}
			require(t, "cluster id", got[0].GetId(), "k1-00001")
			m2, _ := fresh.Corpus(ctx, m.ID)
			require(t, "latest", m2.Latest(), "k1")
			_, err = fresh.Clustering(ctx, "k2")
			require(t, "missing clustering", errors.Is(err, ErrNotFound), true)
		})
	}
}

// TestObjectsLookAgainForABlobNotYetThere: a read that a server of the
// bucket's stream answers before it holds an acknowledged blob looks again
// (briefly): a blob that turns up 100 ms into a Get is read, one that never
// does is not found.
func TestObjectsLookAgainForABlobNotYetThere(t *testing.T) {
	o := backends(t)["jetstream"](t).(*Objects)
	ctx := context.Background()
	go func() {
		time.Sleep(100 * time.Millisecond)
		_ = o.Put(ctx, "late", strings.NewReader("data"))
	}()
	r, err := o.Get(ctx, "late")
	if err != nil {
		t.Fatalf("a blob put 100 ms into the read: %v", err)
	}
	_ = r.Close()
	if _, err := o.Get(ctx, "never"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a blob never put: %v, want ErrNotFound", err)
	}
}
