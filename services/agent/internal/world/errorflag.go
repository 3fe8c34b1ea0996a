package world

import (
	"maps"
	"slices"

	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// errorKeys are the members that mark a result, or a thing in it, as an
// error (docs/metrics.md: an "error" member or an error flag).
var errorKeys = []string{"error", "is_error", "isError"}

// failedStatus are the values of a status that say a thing went wrong.
var failedStatus = []string{"error", "errored", "failed", "failure", "fail"}

// fineStatus are the statuses tried in place of a failed one, in order:
// the first the schema takes is kept.
var fineStatus = []string{"ok", "success", "succeeded", "completed", "complete", "done", "finished", "processed", "active"}

// withoutErrorFlag clears what would mark a successful result as an error:
// real response schemas often declare an "error" field or a status that
// can be "error", and a generated value there would turn a planned success
// into a failure. The result and everything in it is cleared: a call that
// went well does not return a batch, a screenshot or a row in error, which
// its answer would then have to explain. A member the schema allows to go
// is dropped; one it requires becomes false or null where the schema takes
// that; a failed status becomes one the schema takes that says all is well.
func withoutErrorFlag(t *toolset.Tool, out string) string {
	v, err := plan.Decode(out)
	if err != nil {
		return out
	}
	c := &flagClearer{valid: func() bool { return t.Output == nil || len(toolset.Validate(t.Output, plan.Canonical(v))) == 0 }}
	c.walk(v)
	if !c.changed {
		return out
	}
	return plan.Canonical(v)
}

type flagClearer struct {
	valid   func() bool
	changed bool
}

func (c *flagClearer) walk(x any) {
	switch x := x.(type) {
	case []any:
		for _, e := range x {
			c.walk(e)
		}
	case map[string]any:
		c.clearFlags(x)
		c.clearStatus(x)
		for _, k := range slices.Sorted(maps.Keys(x)) {
			c.walk(x[k])
		}
	}
}

func (c *flagClearer) clearFlags(o map[string]any) {
	for _, k := range errorKeys {
		x, has := o[k]
		if !has || x == nil || x == false {
			continue
		}
		c.changed = true
		delete(o, k)
		if c.valid() {
			continue
		}
		for _, clear := range []any{false, nil} {
			if o[k] = clear; c.valid() {
				break
			}
		}
		if !c.valid() {
			o[k] = x // the schema insists on an error value: keep what was generated
		}
	}
}

func (c *flagClearer) clearStatus(o map[string]any) {
	for _, k := range []string{"status", "state"} {
		x, _ := o[k].(string)
		if !slices.Contains(failedStatus, x) {
			continue
		}
		c.changed = true
		for _, fine := range fineStatus {
			if o[k] = fine; c.valid() {
				break
			}
		}
		if !c.valid() {
			o[k] = x
		}
	}
}
