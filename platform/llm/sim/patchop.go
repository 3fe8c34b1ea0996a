package sim

import (
	"slices"
	"strings"
)

// patchOps are the operations of a JSON Patch (RFC 6902).
var patchOps = []string{"add", "remove", "replace", "move", "copy", "test"}

// isPatchOp reports whether an object's properties are those of a JSON
// Patch operation: an op among RFC 6902's and the path it acts on.
func isPatchOp(props map[string]any) bool {
	op, _ := props["op"].(map[string]any)
	if op == nil || props["path"] == nil {
		return false
	}
	enum, _ := op["enum"].([]any)
	for _, e := range enum {
		if s, ok := e.(string); ok && slices.Contains(patchOps, s) {
			return true
		}
	}
	return len(enum) == 0
}

// agreePatch makes a JSON Patch operation whole as RFC 6902 writes it:
// every operation has the path it acts on, only a move or a copy has a
// source ("from"), a remove, a move and a copy carry no value, and the
// value an add, a replace or a test carries is one of the field the path
// points to ("/description": a description, not a city).
func (v *Values) agreePatch(props, out map[string]any) {
	if !isPatchOp(props) {
		return
	}
	op, _ := out["op"].(string)
	if op == "" {
		op = v.pick([]string{"replace", "replace", "add", "remove"})
		out["op"] = op
	}
	path, _ := out["path"].(string)
	if !strings.HasPrefix(path, "/") {
		path = v.pick(resourcePointers)
		out["path"] = path
	}
	switch op {
	case "move", "copy":
		if from, _ := out["from"].(string); props["from"] != nil && (!strings.HasPrefix(from, "/") || from == path) {
			others := slices.DeleteFunc(slices.Clone(resourcePointers), func(s string) bool { return s == path })
			out["from"] = v.pick(others)
		}
		delete(out, "value")
	case "remove":
		delete(out, "from")
		delete(out, "value")
	default:
		delete(out, "from")
		if props["value"] != nil {
			seg := path[strings.LastIndex(path, "/")+1:]
			out["value"] = v.str(map[string]any{}, seg, "")
		}
	}
}
