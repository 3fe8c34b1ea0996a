package world

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/services/agent/internal/plan"
	"github.com/tdscaling/tdscaling/services/agent/internal/toolset"
)

// One conversation is one machine: the file server's allowed directories
// are the folders the plan's paths live in, and what earlier calls wrote,
// moved, deleted or made is what later reads and listings show
// (sim.Files). The world keeps the file calls that succeeded and replays,
// for each call, those of earlier turns.

// planPaths are the absolute paths the plan's arguments give (fixed or
// stated by the user), in plan order.
func planPaths(p *plan.Plan) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if strings.HasPrefix(x, "/") && strings.Count(x, "/") >= 2 && !strings.ContainsAny(x, " \n") && !slices.Contains(out, x) {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				walk(x[k])
			}
		}
	}
	for _, c := range p.Calls {
		for _, a := range c.GetArguments() {
			text := a.GetLiteralJson()
			if u := a.GetUser(); u != nil {
				text = u.GetValueJson()
			}
			if v, err := plan.Decode(text); err == nil && text != "" {
				walk(v)
			}
		}
	}
	return out
}

// planEdits are the old texts the plan's edits replace, by the path of
// the file they edit: the file held them before the conversation.
func planEdits(p *plan.Plan) map[string][]string {
	out := map[string][]string{}
	for _, c := range p.Calls {
		args := planArgs(c)
		file := ""
		for _, k := range []string{"path", "file_path", "filepath", "file", "filename"} {
			if s, ok := args[k].(string); ok && s != "" {
				file = s
				break
			}
		}
		edits, _ := args["edits"].([]any)
		for _, e := range edits {
			m, _ := e.(map[string]any)
			for _, k := range []string{"oldText", "old_text", "old", "search"} {
				if s, ok := m[k].(string); ok && s != "" && file != "" {
					out[file] = append(out[file], s)
					break
				}
			}
		}
	}
	return out
}

// planArgs are the arguments of a planned call the plan fixes or the user
// states (not those read from earlier results).
func planArgs(c *blueprintv1.PlannedCall) map[string]any {
	args := map[string]any{}
	for _, a := range c.GetArguments() {
		text := a.GetLiteralJson()
		if u := a.GetUser(); u != nil {
			text = u.GetValueJson()
		}
		if v, err := plan.Decode(text); err == nil && text != "" {
			args[a.GetParam()] = v
		}
	}
	return args
}

// planFiles are the files the plan's calls find in the tree (what they
// read, edit, move away): they were there before the conversation.
func planFiles(p *plan.Plan, tools *toolset.Set) []string {
	var out []string
	for _, c := range p.Calls {
		t := tools.Get(c.GetToolName())
		if t == nil {
			continue
		}
		for _, f := range sim.Existing(t.Name, t.Description, planArgs(c)) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// recordFile keeps a successful call that changes the file tree; the
// same call of the same turn is kept once.
func (w *World) recordFile(t *toolset.Tool, a map[string]any, group int32, order string) {
	if a == nil || !sim.NewFiles(nil).Apply(t.Name, t.Description, a) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, op := range w.fileOps {
		if op.order == order && op.group == group {
			return
		}
	}
	w.fileSeq++
	w.fileOps = append(w.fileOps, entityWrite{seq: w.fileSeq, group: group, order: order, field: t.Name, fields: a})
}

// filesFor is the tree a call of group sees: the plan's roots with the
// file changes of earlier turns applied in order.
func (w *World) filesFor(group int32) *sim.Files {
	w.mu.Lock()
	ops := slices.Clone(w.fileOps)
	w.mu.Unlock()
	ordered(ops)
	f := sim.NewFiles(w.paths).WithSeed(w.seed).WithOwner(w.user())
	for _, p := range w.existing {
		f.Exists(p)
	}
	for _, p := range slices.Sorted(maps.Keys(w.edits)) {
		f.Holds(p, w.edits[p])
	}
	for _, op := range ops {
		if group != 0 && op.group == group {
			continue
		}
		if t := w.tools.Get(op.field); t != nil {
			f.Apply(t.Name, t.Description, op.fields)
		}
	}
	return f
}

// cacheKey is the key a call's result is cached under: the same call
// answers the same until the file tree changes.
func cacheKey(key string, files *sim.Files) string {
	if n := files.Changes(); n > 0 {
		return key + "\x00files " + strconv.Itoa(n)
	}
	return key
}
