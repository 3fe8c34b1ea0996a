package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Cache is a content-addressed store of responses on disk. The key is the
// SHA-256 of the endpoint's base URL and the full request body as sent
// (model, messages, tools, sampling parameters, seed), so a re-run of the same
// job repeats no call, while any change to the request makes a new one. The
// API key is not part of the key: it does not change the answer.
//
// Layout: <dir>/<key[0:2]>/<key>.json holding the response body exactly as the
// server sent it. Writes go to a temporary file renamed into place, so
// concurrent writers and readers never see a partial entry.
type Cache struct {
	dir string
}

// cacheKeyVersion changes when the key's composition changes.
const cacheKeyVersion = "tds-llm-cache-v1"

// NewCache opens (creating) a cache under dir.
func NewCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("llm cache: %w", err)
	}
	return &Cache{dir: dir}, nil
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

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, key[:2], key+".json")
}

// Get returns the stored response body, or ok false.
func (c *Cache) Get(key string) (body []byte, ok bool, err error) {
	b, err := os.ReadFile(c.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("llm cache: %w", err)
	}
	return b, true, nil
}

// Put stores a response body under key.
func (c *Cache) Put(key string, body []byte) error {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("llm cache: %w", err)
	}
	_, werr := f.Write(body)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), p)
	}
	if werr != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("llm cache: %w", werr)
	}
	return nil
}
