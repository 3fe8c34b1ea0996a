package config_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/config"
)

func TestUsage(t *testing.T) {
	fs := serviceFlags()
	var out bytes.Buffer
	fs.SetOutput(&out)
	fs.Usage = config.Usage(fs, tds)
	_, err := config.Load(fs, []string{"-h"}, tds)
	if err == nil {
		t.Fatal("Load(-h) returned no error")
	}
	got := out.String()
	for _, want := range []string{
		"Usage of svc:\n",
		"\n  --config string\n    \tpath to a YAML configuration file [$TDS_CONFIG]\n",
		"\n  --debug\n    \tlog at debug level [$TDS_DEBUG]\n",
		"\ngrpc:\n  --grpc.listen string\n    \tgRPC listen address (default \":8080\") [$TDS_GRPC_LISTEN]\n",
		"\n  --grpc.max_recv int\n    \tlargest gRPC message received, in bytes (default 4194304) [$TDS_GRPC_MAX_RECV]\n",
		"\nnats:\n  --nats.url string\n",
		"(default \"nats://127.0.0.1:4222\") [$TDS_NATS_URL]",
		"\n  --peers string\n    \tcomma-separated peer addresses [$TDS_PEERS]\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("usage lacks %q; got:\n%s", want, got)
		}
	}
	// Ungrouped flags first, then the groups.
	if i, j := strings.Index(got, "--peers"), strings.Index(got, "grpc:\n"); i < 0 || j < 0 || i > j {
		t.Errorf("want ungrouped --peers before the grpc group; got:\n%s", got)
	}
}

func TestUsageWithoutEnv(t *testing.T) {
	fs := serviceFlags()
	var out bytes.Buffer
	fs.SetOutput(&out)
	config.Usage(fs, config.Options{})()
	if strings.Contains(out.String(), "[$") {
		t.Errorf("usage names environment variables though the environment is off:\n%s", out.String())
	}
}
