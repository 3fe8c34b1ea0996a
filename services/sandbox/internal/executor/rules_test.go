package executor

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
)

// TestContractRules checks the bounds the contract's protovalidate rules
// set, at their edges: the last accepted value and the first refused one,
// each refusal naming its field. The README's limit table and MaxCodeBytes /
// MaxStdinBytes must agree with them.
func TestContractRules(t *testing.T) {
	base := func() *sandboxv1.ExecuteRequest {
		return &sandboxv1.ExecuteRequest{Language: sandboxv1.Language_LANGUAGE_PYTHON, Code: "print(1)"}
	}
	limits := func(l *sandboxv1.Limits) func(*sandboxv1.ExecuteRequest) {
		return func(r *sandboxv1.ExecuteRequest) { r.Limits = l }
	}
	for _, c := range []struct {
		name  string
		edit  func(*sandboxv1.ExecuteRequest)
		field string // "" when the request is valid
	}{
		{"defaults", func(*sandboxv1.ExecuteRequest) {}, ""},
		{"no language", func(r *sandboxv1.ExecuteRequest) { r.Language = 0 }, "language"},
		{"unknown language", func(r *sandboxv1.ExecuteRequest) { r.Language = 42 }, "language"},
		{"id of 128 bytes", func(r *sandboxv1.ExecuteRequest) { r.Id = strings.Repeat("i", 128) }, ""},
		{"id of 129 bytes", func(r *sandboxv1.ExecuteRequest) { r.Id = strings.Repeat("i", 129) }, "id"},
		{"largest code", func(r *sandboxv1.ExecuteRequest) { r.Code = strings.Repeat("#", MaxCodeBytes) }, ""},
		{"code too long", func(r *sandboxv1.ExecuteRequest) { r.Code = strings.Repeat("#", MaxCodeBytes+1) }, "code"},
		{"largest stdin", func(r *sandboxv1.ExecuteRequest) { r.Stdin = make([]byte, MaxStdinBytes) }, ""},
		{"stdin too long", func(r *sandboxv1.ExecuteRequest) { r.Stdin = make([]byte, MaxStdinBytes+1) }, "stdin"},
		{"256 args", func(r *sandboxv1.ExecuteRequest) { r.Args = make([]string, 256) }, ""},
		{"257 args", func(r *sandboxv1.ExecuteRequest) { r.Args = make([]string, 257) }, "args"},
		{"NUL in an arg", func(r *sandboxv1.ExecuteRequest) { r.Args = []string{"a", "b\x00c"} }, "args[1]"},
		{"env name with =", func(r *sandboxv1.ExecuteRequest) { r.Env = map[string]string{"A=B": "x"} }, `env["A=B"]`},
		{"empty env name", func(r *sandboxv1.ExecuteRequest) { r.Env = map[string]string{"": "x"} }, `env[""]`},
		{"NUL in an env value", func(r *sandboxv1.ExecuteRequest) { r.Env = map[string]string{"A": "x\x00"} }, `env["A"]`},
		{"1000 files", func(r *sandboxv1.ExecuteRequest) { r.Files = files(1000) }, ""},
		{"1001 files", func(r *sandboxv1.ExecuteRequest) { r.Files = files(1001) }, "files"},
		{"file mode 0777", func(r *sandboxv1.ExecuteRequest) { r.Files = []*sandboxv1.File{{Path: "a", Mode: 0o777}} }, ""},
		{"setuid file", func(r *sandboxv1.ExecuteRequest) { r.Files = []*sandboxv1.File{{Path: "a", Mode: 0o4755}} }, "files[0].mode"},
		{"shortest wall time", limits(&sandboxv1.Limits{WallTime: durationpb.New(10 * time.Millisecond)}), ""},
		{"wall time too short", limits(&sandboxv1.Limits{WallTime: durationpb.New(9 * time.Millisecond)}), "limits.wall_time"},
		{"wall time of zero", limits(&sandboxv1.Limits{WallTime: durationpb.New(0)}), "limits.wall_time"},
		{"longest cpu time", limits(&sandboxv1.Limits{CpuTime: durationpb.New(10 * time.Minute)}), ""},
		{"cpu time too long", limits(&sandboxv1.Limits{CpuTime: durationpb.New(10*time.Minute + time.Millisecond)}), "limits.cpu_time"},
		{"invalid duration", limits(&sandboxv1.Limits{CpuTime: &durationpb.Duration{Seconds: 2, Nanos: -1}}), "limits.cpu_time"},
		{"memory at the bounds", limits(&sandboxv1.Limits{MemoryBytes: 16 << 20, Pids: 4096}), ""},
		{"memory too small", limits(&sandboxv1.Limits{MemoryBytes: 16<<20 - 1}), "limits.memory_bytes"},
		{"memory too large", limits(&sandboxv1.Limits{MemoryBytes: 8<<30 + 1}), "limits.memory_bytes"},
		{"too few pids", limits(&sandboxv1.Limits{Pids: 3}), "limits.pids"},
		{"output at the bounds", limits(&sandboxv1.Limits{OutputBytes: 64 << 20, FileSizeBytes: 1 << 30}), ""},
		{"output too large", limits(&sandboxv1.Limits{OutputBytes: 64<<20 + 1}), "limits.output_bytes"},
		{"negative file size", limits(&sandboxv1.Limits{FileSizeBytes: -1}), "limits.file_size_bytes"},
	} {
		r := base()
		c.edit(r)
		vs, err := validate(r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.field == "" {
			if len(vs) > 0 {
				t.Errorf("%s: refused: %v", c.name, vs)
			}
			continue
		}
		found := false
		for _, v := range vs {
			found = found || v.Field == c.field
		}
		if !found {
			t.Errorf("%s: violations %v, want one of %q", c.name, vs, c.field)
		}
	}
}

func files(n int) []*sandboxv1.File {
	out := make([]*sandboxv1.File, n)
	for i := range out {
		out[i] = &sandboxv1.File{Path: fmt.Sprintf("f%d", i)}
	}
	return out
}
