package executor

import (
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/jail"
)

// Limits are one run's bounds, as the executor understands them.
type Limits struct {
	Wall, CPU                          time.Duration
	MemoryBytes, OutputBytes, FileSize int64
	Pids                               int64
}

// DefaultLimits apply where a request leaves a limit at zero.
var DefaultLimits = Limits{
	Wall: 10 * time.Second, CPU: 10 * time.Second,
	MemoryBytes: 256 << 20, Pids: 64, OutputBytes: 1 << 20, FileSize: 16 << 20,
}

// Request size bounds. The contract's rules bound the code, stdin, ids,
// counts and the limits' ranges (proto/tdscaling/sandbox/v1); the first two
// are repeated here to size the largest message the server reads, and the
// sum of file contents, which rules cannot add up, is checked by validate.
const (
	MaxCodeBytes   = 1 << 20
	MaxStdinBytes  = 16 << 20
	MaxFilesBytes  = 64 << 20
	MaxPathLen     = 1024
	openFilesLimit = 256
	tmpBytes       = 64 << 20
)

// resolve fills zero limits from defaults; the contract's rules have
// checked the ranges.
func resolve(l *sandboxv1.Limits) Limits {
	out := DefaultLimits
	if d := l.GetWallTime(); d != nil {
		out.Wall = d.AsDuration()
	}
	if d := l.GetCpuTime(); d != nil {
		out.CPU = d.AsDuration()
	}
	if v := l.GetMemoryBytes(); v > 0 {
		out.MemoryBytes = v
	}
	if v := l.GetPids(); v > 0 {
		out.Pids = int64(v)
	}
	if v := l.GetOutputBytes(); v > 0 {
		out.OutputBytes = v
	}
	if v := l.GetFileSizeBytes(); v > 0 {
		out.FileSize = v
	}
	return out
}

func (l Limits) jail(filesBytes int64) jail.Limits {
	return jail.Limits{
		Wall: l.Wall, CPU: l.CPU, MemoryBytes: l.MemoryBytes, Pids: l.Pids,
		OutputBytes: l.OutputBytes, FileSize: l.FileSize, OpenFiles: openFilesLimit,
		// The work dir holds the request's files plus room for the program's own.
		WorkBytes: max(filesBytes+l.FileSize, 64<<20), TmpBytes: tmpBytes,
	}
}
