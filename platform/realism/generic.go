package realism

import (
	"slices"
	"strings"
)

// genericKeys are keys that say nothing about what a tool returns: an
// output made of them alone ({"result": "..."}, {"id": 3, "name": "..."},
// {"status": "ok", "data": {"value": 1}}) could come from any tool.
var genericKeys = map[string]bool{
	"id": true, "name": true, "result": true, "results": true, "value": true, "values": true,
	"data": true, "status": true, "message": true, "msg": true, "output": true, "response": true,
	"info": true, "details": true, "item": true, "items": true, "content": true, "text": true,
	"type": true, "success": true, "ok": true, "code": true,
}

// genericOnly reports whether every key of every object in an output is
// generic. An empty object counts: it says nothing either.
func genericOnly(v any) bool {
	for _, k := range objectKeys(v) {
		if !genericKeys[strings.ToLower(k)] {
			return false
		}
	}
	return true
}

// keySet names an output's kind for the example: its sorted distinct keys.
func keySet(v any) string {
	ks := objectKeys(v)
	slices.Sort(ks)
	return "{" + strings.Join(slices.Compact(ks), ",") + "}"
}
