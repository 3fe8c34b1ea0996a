package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

// The suite's process makes many small, short-lived objects per model call
// (requests, replies, messages, events) over a live heap that is small next
// to the machine's memory: at Go's default GOGC=100 about a sixth of its CPU
// went to the collector. It collects less often, at suiteGCPercent, and a
// soft memory limit (suiteMemoryShare of the machine's or the cgroup's
// memory, at least minSuiteMemoryLimit) makes it collect as often as it must
// when a large job's heap nears that. GOGC and GOMEMLIMIT, when set, win.
const (
	suiteGCPercent      = 400
	suiteMemoryShare    = 4 // a quarter
	minSuiteMemoryLimit = 512 << 20
)

// gcSettings is what tuneGC sets: a GC percent and a memory limit in bytes,
// each only when ok.
type gcSettings struct {
	percent   int
	percentOK bool
	limit     int64
	limitOK   bool
}

// suiteGC decides the suite's GC settings from the environment (getenv)
// and the memory available (0 when unknown).
func suiteGC(getenv func(string) string, memory int64) gcSettings {
	var s gcSettings
	if getenv("GOGC") == "" {
		s.percent, s.percentOK = suiteGCPercent, true
	}
	if getenv("GOMEMLIMIT") == "" && memory > 0 {
		s.limit, s.limitOK = max(memory/suiteMemoryShare, minSuiteMemoryLimit), true
	}
	return s
}

// tuneGC applies the suite's GC settings to this process.
func tuneGC() {
	s := suiteGC(os.Getenv, availableMemory())
	if s.percentOK {
		debug.SetGCPercent(s.percent)
	}
	if s.limitOK {
		debug.SetMemoryLimit(s.limit)
	}
}

// availableMemory is the machine's memory, or the cgroup's limit when that
// is lower; 0 when neither can be read.
func availableMemory() int64 {
	var total int64
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) == nil {
		total = int64(si.Totalram) * int64(si.Unit)
	}
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// "max" (v2) or a huge number (v1) when there is no limit.
		if n, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}
