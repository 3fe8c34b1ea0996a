package executor

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/protobuf/types/known/durationpb"
)

// TestFetchIsNotChargedToTheProgram: a program that writes a 15 MB file
// within a 64 MiB memory limit succeeds, and the file fetched five times
// comes back whole each time: reading files back streams them out of the
// run instead of holding them (and their encoding) in the run's memory.
func TestFetchIsNotChargedToTheProgram(t *testing.T) {
	const size = 15 << 20
	req := &sandboxv1.ExecuteRequest{
		Language: sandboxv1.Language_LANGUAGE_PYTHON,
		Code: fmt.Sprintf(`block = bytes(range(251)) * 4096
with open("/work/big", "wb") as f:
    left = %d
    while left:
        f.write(block[:left])
        left -= min(left, len(block))`, size),
		Fetch: []string{"big", "big", "big", "big", "big"},
		// Room in time for a loaded machine (and a race-instrumented init):
		// what is measured here is memory.
		Limits: &sandboxv1.Limits{MemoryBytes: 64 << 20, WallTime: durationpb.New(2 * time.Minute), CpuTime: durationpb.New(time.Minute)},
	}
	block := make([]byte, 251)
	for i := range block {
		block[i] = byte(i)
	}
	want := bytes.Repeat(block, size/251+1)[:size]
	for name, e := range map[string]*Executor{"cold": newExecutor(t), "fork": newForkExecutor(t), "warm": newWarmExecutor(t)} {
		t.Run(name, func(t *testing.T) {
			resp := execute(t, e, req)
			if resp.GetStatus() != sandboxv1.Status_STATUS_OK {
				t.Fatalf("status %v, stderr %q", resp.GetStatus(), resp.GetStderr())
			}
			if len(resp.GetFiles()) != 5 {
				t.Fatalf("fetched %d files, want 5", len(resp.GetFiles()))
			}
			for _, f := range resp.GetFiles() {
				if f.GetPath() != "big" || !bytes.Equal(f.GetContent(), want) {
					t.Fatalf("fetched %q of %d bytes, want big of %d", f.GetPath(), len(f.GetContent()), size)
				}
			}
		})
	}
}
