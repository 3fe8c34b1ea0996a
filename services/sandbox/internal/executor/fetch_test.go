package executor

import (
	"bytes"
	"fmt"
	"testing"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
)

// TestFetchIsNotChargedToTheProgram: a program that writes a 15 MB file
// within a 64 MiB memory limit succeeds, and the file fetched five times
// comes back whole each time: reading files back streams them out of the
// run instead of holding them (and their encoding) in the run's memory.
func TestFetchIsNotChargedToTheProgram(t *testing.T) {
	const size = 15 << 20
	req := &sandboxv1.ExecuteRequest{
		Language: sandboxv1.Language_LANGUAGE_PYTHON,
		Code: fmt.Sprintf(`with open("/work/big", "wb") as f:
    for i in range(%d):
        f.write(bytes([i %% 251]) * 1024)`, size/1024),
		Fetch:  []string{"big", "big", "big", "big", "big"},
		Limits: &sandboxv1.Limits{MemoryBytes: 64 << 20},
	}
	want := make([]byte, 0, size)
	for i := range size / 1024 {
		want = append(want, bytes.Repeat([]byte{byte(i % 251)}, 1024)...)
	}
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
