package sim_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A JSON Patch's operations point into the resource they change (RFC
// 6901/6902), and an API's documentation part names a resource's path,
// not a file on someone's disk.
func TestPatchOperationsPointIntoTheResource(t *testing.T) {
	schema := map[string]any{}
	_ = json.Unmarshal([]byte(`{"type":"object","properties":{"patchOperations":{"type":"array","minItems":3,"items":{"type":"object","properties":{
		"from":{"type":"string","description":"The <code>copy</code> update operation's source as identified by a <code>JSON-Pointer</code> value referencing the location"},
		"op":{"enum":["add","remove","replace","move","copy","test"],"type":"string"},
		"path":{"type":"string","description":"The <code>op</code> operation's target, as identified by a <a href=\"https://tools.ietf.org/html/draft-ietf-appsawg-json-pointer-08\">JSON Pointer</a> value"},
		"value":{"type":"string","description":"The new target value of the update operation."}}}},
		"docPath":{"type":"string","description":"The path of API entities of the to-be-retrieved documentation parts."},
		"basePath":{"type":"string","description":"The base path name that callers of the API must provide as part of the URL after the domain name."}},"required":["patchOperations","docPath","basePath"]}`), &schema)
	for seed := range int64(40) {
		v := sim.NewValues(seedrand.New(seed, "patch"))
		v.Subject("UpdateAccount", "Changes information about the current Account resource.")
		out := v.For(schema, schema, "").(map[string]any)
		if p, _ := out["docPath"].(string); !strings.HasPrefix(p, "/") || strings.Contains(p, ".") || strings.HasPrefix(p, "/home/") {
			t.Errorf("seed %d: documentation path %q is not a resource path", seed, p)
		}
		if p, _ := out["basePath"].(string); p == "" || strings.ContainsAny(p, "./") {
			t.Errorf("seed %d: base path %q is not a segment of the API's URL", seed, p)
		}
		for _, it := range out["patchOperations"].([]any) {
			op := it.(map[string]any)
			path, _ := op["path"].(string)
			if !strings.HasPrefix(path, "/") || strings.Contains(path, ".") {
				t.Errorf("seed %d: %v: path is not a pointer into the resource", seed, op)
			}
			from, hasFrom := op["from"].(string)
			switch op["op"] {
			case "move", "copy":
				if !hasFrom || !strings.HasPrefix(from, "/") || strings.Contains(from, ".") || from == path {
					t.Errorf("seed %d: %v: a move or copy needs a source pointer", seed, op)
				}
			default:
				if hasFrom {
					t.Errorf("seed %d: %v: only a move or a copy has a source", seed, op)
				}
			}
		}
	}
}
