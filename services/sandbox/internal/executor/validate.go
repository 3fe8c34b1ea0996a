package executor

import (
	"fmt"
	"path"
	"strings"

	"google.golang.org/protobuf/types/known/durationpb"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/apierr"
)

// validate checks a request against the service's bounds and returns every
// violation, each naming the field at fault. The contract's protovalidate
// rules (proto/tdscaling/sandbox/v1: id, language, sizes and counts, NUL
// bytes, environment names, file modes, limit ranges) come first; the rest
// is what rules cannot say: relations between fields, paths, sums. A
// request in an ExecuteBatch stream is checked here too, since a bad one is
// answered in the stream rather than ending it. An error means the rules
// could not be evaluated, a defect of the contract.
func validate(r *sandboxv1.ExecuteRequest) ([]apierr.Violation, error) {
	vs, err := apierr.Check(r)
	if err != nil {
		return nil, err
	}
	return append(vs, checkFields(r)...), nil
}

// checkFields checks what the contract's rules cannot say.
func checkFields(r *sandboxv1.ExecuteRequest) []apierr.Violation {
	var vs []apierr.Violation
	bad := func(field, format string, args ...any) {
		vs = append(vs, apierr.Violation{Field: field, Description: fmt.Sprintf(format, args...)})
	}
	switch {
	case r.GetCode() == "" && r.GetEntry() == "":
		bad("code", "empty: send the program as code, or as a file named by entry")
	case r.GetCode() != "" && r.GetEntry() != "":
		bad("entry", "set code or entry, not both")
	case strings.IndexByte(r.GetCode(), 0) >= 0 && r.GetLanguage() != sandboxv1.Language_LANGUAGE_SQLITE:
		bad("code", "contains a NUL byte")
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

// checkLimits refuses durations that are not durations (nanos out of
// range, signs that disagree), which the range rules cannot compare.
func checkLimits(l *sandboxv1.Limits) []apierr.Violation {
	var vs []apierr.Violation
	for _, d := range []struct {
		field string
		value *durationpb.Duration
	}{{"limits.wall_time", l.GetWallTime()}, {"limits.cpu_time", l.GetCpuTime()}} {
		if d.value == nil {
			continue
		}
		if err := d.value.CheckValid(); err != nil {
			vs = append(vs, apierr.Violation{Field: d.field, Description: err.Error()})
		}
	}
	return vs
}
