package sim

import (
	"maps"
	"slices"
	"strings"

	"github.com/tdscaling/tdscaling/platform/jsonschema"
)

// unfinishedStates are statuses of work that has not ended: it has no
// completion time yet.
var unfinishedStates = map[string]bool{"pending": true, "processing": true, "queued": true, "running": true, "in_progress": true,
	"scheduled": true, "waiting": true, "started": true, "initiated": true, "submitted": true, "in_review": true, "awaiting": true}

// endStamp reports whether a field is the time work ended (completed_at,
// finishedAt, date_completed, ended_at).
func endStamp(k string) bool {
	switch stampStem(k) {
	case "completed", "completion", "finished", "ended", "done":
		return !strings.Contains(normalise(k), "estimated") && !strings.Contains(normalise(k), "expected")
	}
	return false
}

// agreeUnfinished makes an object whose status says its work has not
// ended ("processing", "pending") carry no time it ended: the stamp is
// dropped, or null where the schema requires it and allows null. A status
// the schema leaves no other way is left as drawn.
func agreeUnfinished(root any, s map[string]any, props map[string]any, out map[string]any) {
	unfinished := false
	for _, k := range slices.Sorted(maps.Keys(out)) {
		n := normalise(k)
		if n != "status" && n != "state" && !strings.HasSuffix(n, "_status") && !strings.HasSuffix(n, "_state") {
			continue
		}
		if st, ok := out[k].(string); ok && unfinishedStates[normalise(st)] {
			unfinished = true
		}
	}
	if !unfinished {
		return
	}
	var required []any
	if s != nil {
		required, _ = s["required"].([]any)
	}
	for _, k := range slices.Sorted(maps.Keys(out)) {
		if !endStamp(k) || out[k] == nil {
			continue
		}
		if _, _, isStamp := stampOf(out[k]); !isStamp {
			continue
		}
		if !slices.Contains(required, any(k)) {
			delete(out, k)
			continue
		}
		if ps, _ := jsonschema.Resolve(root, props[k]); ps != nil && nullable(ps) {
			out[k] = nil
		}
	}
}

// nullable reports whether a schema takes null.
func nullable(s map[string]any) bool {
	if n, _ := s["nullable"].(bool); n {
		return true
	}
	switch t := s["type"].(type) {
	case string:
		return t == "null"
	case []any:
		return slices.Contains(t, any("null"))
	}
	return false
}
