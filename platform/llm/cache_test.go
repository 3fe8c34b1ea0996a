package llm_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm"
)

func getString(t *testing.T, c *llm.Cache, key string) (string, bool) {
	t.Helper()
	b, ok, err := c.Get(key)
	requireNoError(t, err)
	return string(b), ok
}

// TestCacheSegments: answers written by concurrent callers are read back
// by the cache and by the next one opened on the directory, a later answer
// to a key wins, a record a crash cut short is skipped with nothing after
// it lost from earlier records, and entries of the file-per-answer layout
// are still read.
func TestCacheSegments(t *testing.T) {
	dir := t.TempDir()
	c, err := llm.NewCache(dir)
	requireNoError(t, err)
	keys := make([]string, 40)
	var wg sync.WaitGroup
	for i := range keys {
		keys[i] = c.Key("http://model", fmt.Appendf(nil, `{"n":%d}`, i))
		wg.Go(func() { requireNoError(t, c.Put(keys[i], fmt.Appendf(nil, `{"answer":%d}`+"\n", i))) })
	}
	wg.Wait()
	for i, k := range keys {
		got, ok := getString(t, c, k)
		requireEqual(t, ok, true, "hit")
		requireEqual(t, got, fmt.Sprintf(`{"answer":%d}`+"\n", i), "body")
	}
	_, ok := getString(t, c, c.Key("http://model", []byte("never asked")))
	requireEqual(t, ok, false, "miss")
	requireNoError(t, c.Put(keys[0], []byte("again")))
	requireNoError(t, c.Close())

	// A new cache on the directory: every answer, the later one for keys[0].
	c2, err := llm.NewCache(dir)
	requireNoError(t, err)
	got, _ := getString(t, c2, keys[0])
	requireEqual(t, got, "again", "the later answer")
	got, _ = getString(t, c2, keys[39])
	requireEqual(t, got, `{"answer":39}`+"\n", "body after reopening")
	requireNoError(t, c2.Put(keys[1], []byte("second process")))
	requireNoError(t, c2.Close())

	// A crash in the middle of the last record of the newest segment.
	segs, err := filepath.Glob(filepath.Join(dir, "log", "*.log"))
	requireNoError(t, err)
	requireEqual(t, len(segs), 2, "segments (one per cache that wrote)")
	st, err := os.Stat(segs[1])
	requireNoError(t, err)
	requireNoError(t, os.Truncate(segs[1], st.Size()-3))
	c3, err := llm.NewCache(dir)
	requireNoError(t, err)
	got, _ = getString(t, c3, keys[1])
	requireEqual(t, got, `{"answer":1}`+"\n", "the answer before the cut record")

	// The first layout: <dir>/<key[0:2]>/<key>.json.
	old := c3.Key("http://model", []byte("old"))
	requireNoError(t, os.MkdirAll(filepath.Join(dir, old[:2]), 0o750))
	requireNoError(t, os.WriteFile(filepath.Join(dir, old[:2], old+".json"), []byte("from before"), 0o600))
	c4, err := llm.NewCache(dir)
	requireNoError(t, err)
	got, ok = getString(t, c4, old)
	requireEqual(t, ok, true, "legacy hit")
	requireEqual(t, got, "from before", "legacy body")
	requireEqual(t, c4.Put("not a key", nil) != nil, true, "a malformed key is refused")
}
