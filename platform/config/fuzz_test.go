package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/config"
)

// FuzzLoadYAML feeds arbitrary bytes to Load as the YAML file. Load must not
// panic; it must either account for every flag's value or fail with a
// message of this package.
func FuzzLoadYAML(f *testing.F) {
	for _, seed := range []string{
		"nats:\n  url: nats://a:1\ngrpc:\n  max_recv: 12\n",
		"peers: [a, b, c]\ndebug: true\n",
		"nats.ur: x\n",
		"a: &a {b: *a}\n",
		"base: &b {listen: x}\ngrpc: {<<: *b, timeout: 3s}\n",
		"- 1\n- 2\n",
		"nats:\n\turl: x\n",
		"x: 1\n---\ny: 2\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		fs := serviceFlags()
		loaded, err := config.Load(fs, []string{"--config", path}, config.Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config: ") {
				t.Fatalf("error without the package's prefix: %v", err)
			}
			return
		}
		for _, name := range []string{"config", "nats.url", "grpc.max_recv", "peers", "debug"} {
			if loaded.Source(name) == "" {
				t.Errorf("Source(%q) is empty after a successful Load", name)
			}
		}
	})
}
