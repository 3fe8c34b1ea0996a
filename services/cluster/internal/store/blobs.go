// Package store persists corpora and clusterings as named blobs, in the
// JetStream object store when the service has NATS (tds up always does) and
// in a plain directory otherwise.
//
// Why these: JetStream is already the platform's durable state — tds up
// keeps its file store under the data directory, and a clustered NATS
// replicates it — so the service adds no database and no dependency; the
// object store chunks large blobs, and a corpus of 100,000 tools is a few
// tens of megabytes compressed. A standalone service without --nats.url uses
// --data_dir with the same layout. Writes are atomic per blob (an object
// store put, or a temporary file renamed), and a corpus changes only when its
// small manifest is replaced after every new segment is fully written, so an
// import that fails halfway leaves the corpus as it was.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/tdscaling/tdscaling/platform/events"
)

// ErrNotFound is returned for a blob that does not exist.
var ErrNotFound = errors.New("not found")

// Blobs is a flat namespace of named byte streams; names use "/" separators.
type Blobs interface {
	Put(ctx context.Context, name string, r io.Reader) error
	Get(ctx context.Context, name string) (io.ReadCloser, error)
	Delete(ctx context.Context, name string) error
	// List returns the names that start with prefix, sorted.
	List(ctx context.Context, prefix string) ([]string, error)
}

// Dir stores blobs as files under a directory.
type Dir struct{ root string }

// NewDir creates the directory if needed.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return &Dir{root: root}, nil
}

func (d *Dir) path(name string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if name == "" || filepath.IsAbs(clean) || strings.HasPrefix(clean, "..") {
		return "", fmt.Errorf("store: bad blob name %q", name)
	}
	return filepath.Join(d.root, clean), nil
}

// Put writes to a temporary file and renames it into place.
func (d *Dir) Put(ctx context.Context, name string, r io.Reader) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// Get opens a blob.
func (d *Dir) Get(_ context.Context, name string) (io.ReadCloser, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete removes a blob; a missing one is not an error.
func (d *Dir) Delete(_ context.Context, name string) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// List walks the directory.
func (d *Dir) List(_ context.Context, prefix string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(e.Name(), ".tmp-") {
			return nil
		}
		rel, err := filepath.Rel(d.root, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if strings.HasPrefix(name, prefix) {
			out = append(out, name)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Objects stores blobs in a JetStream object store bucket.
type Objects struct{ os jetstream.ObjectStore }

// Bucket is the object store bucket of the cluster service.
const Bucket = "tds_cluster"

// NewObjects opens (or creates) the bucket with replicas copies (1 on one
// NATS server, 3 on a cluster).
func NewObjects(ctx context.Context, nc *nats.Conn, replicas int) (*Objects, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("store: jetstream: %w", err)
	}
	var obs jetstream.ObjectStore
	err = events.UntilAvailable(ctx, func(ctx context.Context) (err error) {
		obs, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket:      Bucket,
			Description: "TDScaling cluster service: corpora and clusterings",
			Storage:     jetstream.FileStorage,
			Compression: false, // blobs are gzipped already
			Replicas:    max(replicas, 1),
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: object store %s: %w", Bucket, err)
	}
	return &Objects{os: obs}, nil
}

// Put stores a blob; the object store makes it visible only once complete.
func (o *Objects) Put(ctx context.Context, name string, r io.Reader) error {
	_, err := o.os.Put(ctx, jetstream.ObjectMeta{Name: name}, r)
	return err
}

// notFoundFor is how long Get looks again for a blob not found: the object
// store answers reads from any of its stream's servers, and one may not yet
// hold a blob the stream acknowledged (on a three-server cluster a
// BuildClusters found no corpus 3 ms after its ImportTools on the same
// replica). A server catches up within milliseconds; a blob truly missing
// costs its caller this long.
const notFoundFor = time.Second

// Get opens a blob.
func (o *Objects) Get(ctx context.Context, name string) (io.ReadCloser, error) {
	deadline := time.Now().Add(notFoundFor)
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		res, err := o.os.Get(ctx, name)
		if !errors.Is(err, jetstream.ErrObjectNotFound) {
			return res, err
		}
		if time.Now().Add(wait).After(deadline) {
			return nil, ErrNotFound
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// Delete removes a blob; a missing one is not an error.
func (o *Objects) Delete(ctx context.Context, name string) error {
	err := o.os.Delete(ctx, name)
	if errors.Is(err, jetstream.ErrObjectNotFound) {
		return nil
	}
	return err
}

// List returns the names under prefix.
func (o *Objects) List(ctx context.Context, prefix string) ([]string, error) {
	infos, err := o.os.List(ctx)
	if errors.Is(err, jetstream.ErrNoObjectsFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, in := range infos {
		if !in.Deleted && strings.HasPrefix(in.Name, prefix) {
			out = append(out, in.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}
