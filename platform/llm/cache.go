package llm

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cache is a content-addressed store of responses on disk. The key is the
// SHA-256 of the endpoint's base URL and the full request body as sent
// (model, messages, tools, sampling parameters, seed), so a re-run of the same
// job repeats no call, while any change to the request makes a new one. The
// API key is not part of the key: it does not change the answer.
//
// Layout: append-only segments <dir>/log/<start>-<id>.log, one per cache
// opened in a process that writes, each a sequence of records: a header line
// "tdsllm1 <key> <length>" and the response body exactly as the server sent
// it, then a newline. Opening the cache reads the headers into an index; a
// record that a crash cut short ends its segment. One append per answer
// costs a few microseconds of CPU, where a file per answer (create, write,
// rename) costs a hundred or more: at hundreds of calls a second the file
// system was a quarter of the suite's CPU. Entries another process writes
// while this one runs are read by the next cache opened on dir. Entries of
// the first layout, <dir>/<key[0:2]>/<key>.json, are still read.
type Cache struct {
	dir string
	// legacy says whether dir holds entries of the first layout.
	legacy bool

	mu    sync.Mutex
	index map[string]cacheLoc
	segs  []*segment
	// w is this cache's own segment, made by the first Put.
	w *segment
}

type cacheLoc struct {
	seg *segment
	off int64
	n   int
}

type segment struct {
	path string
	once sync.Once
	f    *os.File // for reading, opened on first use
	err  error
	// size is where the next record goes (the writer's segment only).
	size int64
}

func (s *segment) reader() (*os.File, error) {
	s.once.Do(func() { s.f, s.err = os.Open(s.path) })
	return s.f, s.err
}

// cacheKeyVersion changes when the key's composition changes.
const cacheKeyVersion = "tds-llm-cache-v1"

// recordMagic opens every record's header.
const recordMagic = "tdsllm1"

// NewCache opens (creating) a cache under dir.
func NewCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(filepath.Join(dir, "log"), 0o750); err != nil {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	c := &Cache{dir: dir, index: map[string]cacheLoc{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && len(n) == 2 && strings.Trim(n, "0123456789abcdef") == "" {
			c.legacy = true
			break
		}
	}
	logs, err := os.ReadDir(filepath.Join(dir, "log"))
	if err != nil {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	var names []string
	for _, e := range logs {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".log") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names) // by start time: a later answer to a key wins
	for _, n := range names {
		seg := &segment{path: filepath.Join(dir, "log", n)}
		if err := c.scan(seg); err != nil {
			return nil, err
		}
		c.segs = append(c.segs, seg)
	}
	return c, nil
}

// scan reads the record headers of seg into the index, up to the first
// record that is not whole.
func (c *Cache) scan(seg *segment) error {
	f, err := os.Open(seg.path)
	if err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	var off int64
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil // the end, or a header cut short
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[0] != recordMagic || len(f[1]) != 2*sha256.Size {
			return nil
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 0 {
			return nil
		}
		body := off + int64(len(line))
		if skipped, err := r.Discard(n + 1); err != nil || skipped != n+1 {
			return nil // a body cut short
		}
		c.index[f[1]] = cacheLoc{seg: seg, off: body, n: n}
		off = body + int64(n) + 1
	}
}

// Key returns the cache key of a request body sent to baseURL.
func (c *Cache) Key(baseURL string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(cacheKeyVersion))
	h.Write([]byte{0})
	h.Write([]byte(baseURL))
	h.Write([]byte{0})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// legacyPath is where the first layout kept key's entry.
func (c *Cache) legacyPath(key string) string {
	return filepath.Join(c.dir, key[:2], key+".json")
}

// Get returns the stored response body, or ok false.
func (c *Cache) Get(key string) (body []byte, ok bool, err error) {
	c.mu.Lock()
	loc, found := c.index[key]
	c.mu.Unlock()
	if found {
		f, err := loc.seg.reader()
		if err != nil {
			return nil, false, fmt.Errorf("llm cache: %w", err)
		}
		b := make([]byte, loc.n)
		if _, err := f.ReadAt(b, loc.off); err != nil {
			return nil, false, fmt.Errorf("llm cache: %w", err)
		}
		return b, true, nil
	}
	if !c.legacy || len(key) < 2 {
		return nil, false, nil
	}
	b, err := os.ReadFile(c.legacyPath(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("llm cache: %w", err)
	}
	return b, true, nil
}

// Put stores a response body under key (a later Put of the key wins).
func (c *Cache) Put(key string, body []byte) error {
	if len(key) != 2*sha256.Size || strings.ContainsAny(key, " \n") {
		return fmt.Errorf("llm cache: malformed key %q", key)
	}
	rec := make([]byte, 0, len(recordMagic)+len(key)+len(body)+16)
	rec = append(rec, recordMagic...)
	rec = append(rec, ' ')
	rec = append(rec, key...)
	rec = append(rec, ' ')
	rec = strconv.AppendInt(rec, int64(len(body)), 10)
	rec = append(rec, '\n')
	head := len(rec)
	rec = append(rec, body...)
	rec = append(rec, '\n')

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.w == nil {
		seg, err := c.newSegment()
		if err != nil {
			return err
		}
		c.w = seg
		c.segs = append(c.segs, seg)
	}
	w := c.w
	wf, err := w.reader() // opened for appends by newSegment
	if err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	if _, err := wf.Write(rec); err != nil {
		// A partial record ends the segment for readers; start a new one.
		c.w = nil
		return fmt.Errorf("llm cache: %w", err)
	}
	c.index[key] = cacheLoc{seg: w, off: w.size + int64(head), n: len(body)}
	w.size += int64(len(rec))
	return nil
}

// newSegment makes this cache's segment, named so that segments sort by
// when they were made.
func (c *Cache) newSegment() (*segment, error) {
	name := fmt.Sprintf("%020d-%s.log", time.Now().UnixNano(), strings.ToLower(rand.Text()[:8]))
	p := filepath.Join(c.dir, "log", name)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_RDWR|os.O_APPEND, 0o640)
	if err != nil {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	seg := &segment{path: p}
	// One descriptor serves the appends and the reads.
	seg.once.Do(func() { seg.f = f })
	return seg, nil
}

// Close releases the segments' files; the cache is not used after.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, s := range c.segs {
		if s.f != nil {
			errs = append(errs, s.f.Close())
		}
	}
	c.segs, c.w, c.index = nil, nil, map[string]cacheLoc{}
	return errors.Join(errs...)
}
