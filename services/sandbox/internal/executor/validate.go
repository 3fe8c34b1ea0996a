package executor

import (
	"fmt"
	"path"
	"strings"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/apierr"
)

// validate checks a request against the service's bounds and returns every
// violation, each naming the field at fault.
func validate(r *sandboxv1.ExecuteRequest) []apierr.Violation {
	var vs []apierr.Violation
	bad := func(field, format string, args ...any) {
		vs = append(vs, apierr.Violation{Field: field, Description: fmt.Sprintf(format, args...)})
	}
	if len(r.GetId()) > MaxIDLen {
		bad("id", "at most %d characters", MaxIDLen)
	}
	switch r.GetLanguage() {
	case sandboxv1.Language_LANGUAGE_PYTHON, sandboxv1.Language_LANGUAGE_BASH, sandboxv1.Language_LANGUAGE_SQLITE:
	case sandboxv1.Language_LANGUAGE_UNSPECIFIED:
		bad("language", "required: LANGUAGE_PYTHON, LANGUAGE_BASH or LANGUAGE_SQLITE")
	default:
		bad("language", "unknown language %d", r.GetLanguage())
	}
	switch {
	case r.GetCode() == "" && r.GetEntry() == "":
		bad("code", "empty: send the program as code, or as a file named by entry")
	case r.GetCode() != "" && r.GetEntry() != "":
		bad("entry", "set code or entry, not both")
	case len(r.GetCode()) > MaxCodeBytes:
		bad("code", "%d bytes; at most %d", len(r.GetCode()), MaxCodeBytes)
	case strings.IndexByte(r.GetCode(), 0) >= 0 && r.GetLanguage() != sandboxv1.Language_LANGUAGE_SQLITE:
		bad("code", "contains a NUL byte")
	}
	if len(r.GetStdin()) > MaxStdinBytes {
		bad("stdin", "%d bytes; at most %d", len(r.GetStdin()), MaxStdinBytes)
	}
	if len(r.GetArgs()) > MaxArgs {
		bad("args", "%d arguments; at most %d", len(r.GetArgs()), MaxArgs)
	}
	for i, a := range r.GetArgs() {
		if strings.IndexByte(a, 0) >= 0 {
			bad(fmt.Sprintf("args[%d]", i), "contains a NUL byte")
		}
	}
	if len(r.GetEnv()) > MaxEnv {
		bad("env", "%d variables; at most %d", len(r.GetEnv()), MaxEnv)
	}
	for k, v := range r.GetEnv() {
		if k == "" || strings.ContainsAny(k, "=\x00") {
			bad(fmt.Sprintf("env[%q]", k), "a name must be non-empty, without '=' or NUL")
		}
		if strings.IndexByte(v, 0) >= 0 {
			bad(fmt.Sprintf("env[%q]", k), "value contains a NUL byte")
		}
	}
	if len(r.GetFiles()) > MaxFiles {
		bad("files", "%d files; at most %d", len(r.GetFiles()), MaxFiles)
	}
	seen := map[string]bool{}
	var total int64
	for i, f := range r.GetFiles() {
		field := fmt.Sprintf("files[%d].path", i)
		if msg := checkPath(f.GetPath()); msg != "" {
			bad(field, "%s", msg)
			continue
		}
		p := path.Clean(f.GetPath())
		if seen[p] {
			bad(field, "duplicate path %q", p)
		}
		seen[p] = true
		if f.GetMode()&^0o777 != 0 {
			bad(fmt.Sprintf("files[%d].mode", i), "only permission bits (0..0777) are allowed, got %#o", f.GetMode())
		}
		total += int64(len(f.GetContent()))
	}
	if total > MaxFilesBytes {
		bad("files", "%d bytes in all; at most %d", total, MaxFilesBytes)
	}
	// A file cannot also be a directory of another: "a" and "a/b" in one
	// request name two different things at "a".
	for i, f := range r.GetFiles() {
		if checkPath(f.GetPath()) != "" {
			continue
		}
		for dir := path.Dir(path.Clean(f.GetPath())); dir != "."; dir = path.Dir(dir) {
			if seen[dir] {
				bad(fmt.Sprintf("files[%d].path", i), "%q lies under %q, which is a file of this request", f.GetPath(), dir)
				break
			}
		}
	}
	for i, p := range r.GetFetch() {
		if msg := checkPath(p); msg != "" {
			bad(fmt.Sprintf("fetch[%d]", i), "%s", msg)
		}
	}
	if e := r.GetEntry(); e != "" {
		if msg := checkPath(e); msg != "" {
			bad("entry", "%s", msg)
		} else if !seen[path.Clean(e)] {
			bad("entry", "%q is not among files", e)
		}
	}
	if db := r.GetDatabase(); db != "" {
		switch {
		case r.GetLanguage() != sandboxv1.Language_LANGUAGE_SQLITE:
			bad("database", "only for LANGUAGE_SQLITE")
		case checkPath(db) != "":
			bad("database", "%s", checkPath(db))
		case !seen[path.Clean(db)]:
			bad("database", "%q is not among files", db)
		}
	}
	vs = append(vs, checkLimits(r.GetLimits())...)
	return vs
}

// checkPath accepts a relative path inside the work dir.
func checkPath(p string) string {
	switch {
	case p == "":
		return "empty path"
	case len(p) > MaxPathLen:
		return fmt.Sprintf("longer than %d bytes", MaxPathLen)
	case strings.IndexByte(p, 0) >= 0:
		return "contains a NUL byte"
	case strings.HasPrefix(p, "/"):
		return fmt.Sprintf("%q is absolute; paths are relative to the work dir", p)
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return fmt.Sprintf("%q leaves the work dir (..)", p)
		}
		if len(part) > 255 {
			return "a path component is longer than 255 bytes"
		}
	}
	if c := path.Clean(p); c == "." {
		return fmt.Sprintf("%q names the work dir itself", p)
	}
	return ""
}

func checkLimits(l *sandboxv1.Limits) []apierr.Violation {
	var vs []apierr.Violation
	rangeCheck := func(field string, v, lo, hi int64, set bool, unit string) {
		if set && (v < lo || v > hi) {
			vs = append(vs, apierr.Violation{Field: "limits." + field,
				Description: fmt.Sprintf("%d%s is out of range [%d, %d]", v, unit, lo, hi)})
		}
	}
	if d := l.GetWallTime(); d != nil {
		if err := d.CheckValid(); err != nil {
			vs = append(vs, apierr.Violation{Field: "limits.wall_time", Description: err.Error()})
		} else {
			rangeCheck("wall_time", d.AsDuration().Milliseconds(), MinLimits.Wall.Milliseconds(), MaxLimits.Wall.Milliseconds(), true, "ms")
		}
	}
	if d := l.GetCpuTime(); d != nil {
		if err := d.CheckValid(); err != nil {
			vs = append(vs, apierr.Violation{Field: "limits.cpu_time", Description: err.Error()})
		} else {
			rangeCheck("cpu_time", d.AsDuration().Milliseconds(), MinLimits.CPU.Milliseconds(), MaxLimits.CPU.Milliseconds(), true, "ms")
		}
	}
	rangeCheck("memory_bytes", l.GetMemoryBytes(), MinLimits.MemoryBytes, MaxLimits.MemoryBytes, l.GetMemoryBytes() != 0, "")
	rangeCheck("pids", int64(l.GetPids()), MinLimits.Pids, MaxLimits.Pids, l.GetPids() != 0, "")
	rangeCheck("output_bytes", l.GetOutputBytes(), MinLimits.OutputBytes, MaxLimits.OutputBytes, l.GetOutputBytes() != 0, "")
	rangeCheck("file_size_bytes", l.GetFileSizeBytes(), MinLimits.FileSize, MaxLimits.FileSize, l.GetFileSizeBytes() != 0, "")
	return vs
}
