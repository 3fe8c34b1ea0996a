package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/services/cluster/internal/corpus"
)

// Manifest describes a corpus: its segments (one per import) and summary.
type Manifest struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Created     time.Time        `json:"created"`
	Updated     time.Time        `json:"updated"`
	Segments    []Segment        `json:"segments"`
	ToolCount   int64            `json:"tool_count"`
	Services    []string         `json:"services"`
	Domains     []string         `json:"domains"`
	Licenses    []string         `json:"licenses"`
	Clusterings []ClusteringInfo `json:"clusterings,omitempty"`
	// Owner is the principal the corpus belongs to ("" when imported without auth).
	Owner string `json:"owner,omitempty"`
	// Shared corpora are usable by every principal.
	Shared bool `json:"shared,omitempty"`
}

// NewCorpus describes a corpus an import creates.
type NewCorpus struct {
	Name   string
	Owner  string
	Shared bool
}

// Segment is one import's tools.
type Segment struct {
	Blob  string `json:"blob"`
	Tools int64  `json:"tools"`
}

// ClusteringInfo records one clustering run of a corpus.
type ClusteringInfo struct {
	ID       string    `json:"id"`
	Created  time.Time `json:"created"`
	Clusters int       `json:"clusters"`
	Blind    bool      `json:"blind"`
}

// Latest is the corpus's most recent clustering id, or "".
func (m *Manifest) Latest() string {
	if len(m.Clusterings) == 0 {
		return ""
	}
	return m.Clusterings[len(m.Clusterings)-1].ID
}

// Store keeps corpora and clusterings in blobs.
type Store struct {
	b     Blobs
	locks sync.Map // corpus id -> *sync.Mutex

	cacheMu sync.Mutex
	cache   []cached // most recently used last
}

type cached struct {
	id       string
	clusters []*clusterv1.Cluster
}

const cacheSize = 4

// New returns a store over b.
func New(b Blobs) *Store { return &Store{b: b} }

func manifestBlob(id string) string { return "corpora/" + id + "/manifest.json" }

func clusteringBlob(id string) string { return "clusterings/" + id + ".jsonl.gz" }

func newID(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

func (s *Store) lock(id string) func() {
	mu, _ := s.locks.LoadOrStore(id, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}

// Corpus loads a corpus's manifest; ErrNotFound when there is none.
func (s *Store) Corpus(ctx context.Context, id string) (*Manifest, error) {
	if id == "" || strings.ContainsAny(id, "/.") {
		return nil, ErrNotFound
	}
	r, err := s.b.Get(ctx, manifestBlob(id))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var m Manifest
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("store: manifest of corpus %s: %w", id, err)
	}
	return &m, nil
}

// Corpora lists every corpus, oldest first.
func (s *Store) Corpora(ctx context.Context) ([]*Manifest, error) {
	names, err := s.b.List(ctx, "corpora/")
	if err != nil {
		return nil, err
	}
	var out []*Manifest
	for _, n := range names {
		if !strings.HasSuffix(n, "/manifest.json") {
			continue
		}
		id := strings.TrimSuffix(strings.TrimPrefix(n, "corpora/"), "/manifest.json")
		m, err := s.Corpus(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, nil
}

// ImportFunc runs an import: it calls emit for each new tool, skipping those
// whose ids are in seen (and adding the new ones to it).
type ImportFunc func(seen map[string]struct{}, emit func(*corpus.Tool) error) error

// Import adds tools to a corpus (corpusID) or to a new one (described by nc).
// The tools stream into a new segment; the manifest is replaced only after
// the segment is complete, so a failed import changes nothing.
func (s *Store) Import(ctx context.Context, corpusID string, nc NewCorpus, run ImportFunc) (*Manifest, error) {
	now := time.Now().UTC()
	var m *Manifest
	seen := map[string]struct{}{}
	if corpusID != "" {
		unlock := s.lock(corpusID)
		defer unlock()
		var err error
		if m, err = s.Corpus(ctx, corpusID); err != nil {
			return nil, err
		}
		if err := s.eachTool(ctx, m, func(t *corpus.Tool) error {
			seen[t.ID] = struct{}{}
			return nil
		}); err != nil {
			return nil, err
		}
	} else {
		m = &Manifest{ID: newID("c"), Name: nc.Name, Owner: nc.Owner, Shared: nc.Shared, Created: now}
		unlock := s.lock(m.ID)
		defer unlock()
	}
	services := toSet(m.Services)
	domains := toSet(m.Domains)
	licenses := toSet(m.Licenses)

	seg := fmt.Sprintf("corpora/%s/seg-%04d-%s.jsonl.gz", m.ID, len(m.Segments)+1, newID(""))
	pr, pw := io.Pipe()
	putDone := make(chan error, 1)
	go func() {
		err := s.b.Put(ctx, seg, pr)
		pr.CloseWithError(err) // unblocks the writer if Put gave up early
		putDone <- err
	}()
	gz := gzip.NewWriter(pw)
	bw := bufio.NewWriterSize(gz, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var added int64
	runErr := run(seen, func(t *corpus.Tool) error {
		t.OutputInferred = false
		if err := enc.Encode(t); err != nil {
			return err
		}
		added++
		services[t.Service] = true
		domains[t.Domain] = true
		licenses[t.License] = true
		return nil
	})
	if runErr == nil {
		if runErr = bw.Flush(); runErr == nil {
			runErr = gz.Close()
		}
	}
	if runErr != nil {
		pw.CloseWithError(runErr)
		<-putDone
		_ = s.b.Delete(context.WithoutCancel(ctx), seg)
		return nil, runErr
	}
	pw.Close()
	if err := <-putDone; err != nil {
		_ = s.b.Delete(context.WithoutCancel(ctx), seg)
		return nil, fmt.Errorf("store: write segment: %w", err)
	}
	if added == 0 {
		_ = s.b.Delete(ctx, seg)
	} else {
		m.Segments = append(m.Segments, Segment{Blob: seg, Tools: added})
	}
	m.ToolCount += added
	m.Services, m.Domains, m.Licenses = fromSet(services), fromSet(domains), fromSet(licenses)
	m.Updated = now
	if err := s.putManifest(ctx, m); err != nil {
		if added > 0 {
			_ = s.b.Delete(context.WithoutCancel(ctx), seg)
		}
		return nil, err
	}
	return m, nil
}

// SetShared sets whether a corpus is shared.
func (s *Store) SetShared(ctx context.Context, id string, shared bool) (*Manifest, error) {
	unlock := s.lock(id)
	defer unlock()
	m, err := s.Corpus(ctx, id)
	if err != nil {
		return nil, err
	}
	if m.Shared != shared {
		m.Shared = shared
		m.Updated = time.Now().UTC()
		if err := s.putManifest(ctx, m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (s *Store) putManifest(ctx context.Context, m *Manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return s.b.Put(ctx, manifestBlob(m.ID), bytes.NewReader(b))
}

// Tools loads a corpus's tools.
func (s *Store) Tools(ctx context.Context, m *Manifest) ([]*corpus.Tool, error) {
	tools := make([]*corpus.Tool, 0, m.ToolCount)
	err := s.eachTool(ctx, m, func(t *corpus.Tool) error {
		tools = append(tools, t)
		return nil
	})
	return tools, err
}

func (s *Store) eachTool(ctx context.Context, m *Manifest, f func(*corpus.Tool) error) error {
	for _, seg := range m.Segments {
		if err := s.eachInSegment(ctx, seg.Blob, f); err != nil {
			return fmt.Errorf("store: segment %s: %w", seg.Blob, err)
		}
	}
	return nil
}

func (s *Store) eachInSegment(ctx context.Context, blob string, f func(*corpus.Tool) error) error {
	r, err := s.b.Get(ctx, blob)
	if err != nil {
		return err
	}
	defer r.Close()
	gz, err := gzip.NewReader(bufio.NewReaderSize(r, 256<<10))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(gz)
	for {
		var t corpus.Tool
		if err := dec.Decode(&t); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if err := f(&t); err != nil {
			return err
		}
	}
}

// SaveClustering stores a corpus's clusters and makes them its latest.
func (s *Store) SaveClustering(ctx context.Context, corpusID string, info ClusteringInfo, clusters []*clusterv1.Cluster) error {
	unlock := s.lock(corpusID)
	defer unlock()
	m, err := s.Corpus(ctx, corpusID)
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	go func() {
		gz := gzip.NewWriter(pw)
		bw := bufio.NewWriterSize(gz, 256<<10)
		var err error
		for _, c := range clusters {
			var b []byte
			if b, err = protojson.Marshal(c); err != nil {
				break
			}
			bw.Write(b)
			bw.WriteByte('\n')
		}
		if err == nil {
			if err = bw.Flush(); err == nil {
				err = gz.Close()
			}
		}
		pw.CloseWithError(err)
	}()
	if err := s.b.Put(ctx, clusteringBlob(info.ID), pr); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("store: write clustering: %w", err)
	}
	m.Clusterings = slices.DeleteFunc(m.Clusterings, func(c ClusteringInfo) bool { return c.ID == info.ID })
	m.Clusterings = append(m.Clusterings, info)
	m.Updated = time.Now().UTC()
	if err := s.putManifest(ctx, m); err != nil {
		return err
	}
	s.remember(info.ID, clusters)
	return nil
}

// Clustering loads a clustering's clusters (cached).
func (s *Store) Clustering(ctx context.Context, id string) ([]*clusterv1.Cluster, error) {
	if id == "" || strings.ContainsAny(id, "/.") {
		return nil, ErrNotFound
	}
	s.cacheMu.Lock()
	for i, c := range s.cache {
		if c.id == id {
			s.cache = append(append(s.cache[:i:i], s.cache[i+1:]...), c)
			s.cacheMu.Unlock()
			return c.clusters, nil
		}
	}
	s.cacheMu.Unlock()
	r, err := s.b.Get(ctx, clusteringBlob(id))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	var out []*clusterv1.Cluster
	for sc.Scan() {
		c := &clusterv1.Cluster{}
		if err := protojson.Unmarshal(sc.Bytes(), c); err != nil {
			return nil, fmt.Errorf("store: clustering %s: %w", id, err)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	s.remember(id, out)
	return out, nil
}

func (s *Store) remember(id string, clusters []*clusterv1.Cluster) {
	s.cacheMu.Lock()
	defer s.cacheMu.Unlock()
	s.cache = slices.DeleteFunc(s.cache, func(c cached) bool { return c.id == id })
	s.cache = append(s.cache, cached{id, clusters})
	if len(s.cache) > cacheSize {
		s.cache = s.cache[1:]
	}
}

func toSet(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func fromSet(m map[string]bool) []string {
	var out []string
	for x := range m {
		if x != "" {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
