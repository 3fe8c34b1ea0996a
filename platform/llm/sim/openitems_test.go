package sim_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

// A list whose items the schema leaves without fields (an unresolved
// reference's title, a bare "object") holds items shaped like the thing
// the list names, at any depth, never empty objects.
func TestListsOfOpenObjectsHoldShapedItems(t *testing.T) {
	deep := schemaOf(t, `{"type":"object","required":["airport_list"],"properties":{"airport_list":{"type":"array","minItems":2,"items":{
		"type":"object","required":["Country","Runway"],"properties":{
		"Country":{"type":"object","properties":{"name":{"type":"string"}}},
		"Runway":{"type":"array","minItems":2,"items":{"type":"object","title":"AirportsAPI.Models.Runway","x-ref":"AirportsAPI.Models.Runway"}}}}}}}`)
	flat := schemaOf(t, `{"type":"object","required":["Lines","evaluation_data","things"],"properties":{
		"Lines":{"type":"array","minItems":2,"items":{"type":"object","required":["Words"],"properties":{
			"Words":{"type":"array","minItems":2,"description":"Word objects in the line","items":{"type":"object","title":"OcrWordElement"}}}}},
		"evaluation_data":{"type":"array","minItems":2,"items":{"type":"object"}},
		"things":{"type":"array","minItems":2,"items":{"type":"object"}}}}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "open-items"))
		for _, s := range []any{deep, flat} {
			b, _ := json.Marshal(v.Result(s, map[string]any{}))
			if strings.Contains(string(b), "{}") {
				t.Fatalf("seed %d: an item is an empty object: %s", seed, b)
			}
		}
	}
	data := schemaOf(t, `{"type":"object","required":["data"],"properties":{"data":{"type":"array","minItems":1,"items":{"type":"object"}}}}`)
	for seed := range int64(20) {
		v := sim.NewValues(seedrand.New(seed, "open-items"))
		for _, x := range v.Result(data, map[string]any{}).(map[string]any)["data"].([]any) {
			if o, ok := x.(map[string]any); !ok || len(o) == 0 {
				t.Fatalf("seed %d: an item of objects is %#v", seed, x)
			}
		}
	}
	b, _ := json.Marshal(sim.NewValues(seedrand.New(1, "open-items")).Result(deep, map[string]any{}))
	if !strings.Contains(string(b), "runway_id") {
		t.Errorf("a Runway list holds no runways: %s", b)
	}
}

// A number of no known meaning ranges over the schema's bounds: a
// confidence from 0.5 to 1 is not always 1.
func TestUnknownNumberSpansItsBounds(t *testing.T) {
	s := schemaOf(t, `{"type":"number","minimum":0.5,"maximum":1}`)
	seen := map[float64]bool{}
	for seed := range int64(20) {
		x := asFloat(sim.NewValues(seedrand.New(seed, "bounds")).For(s, s, "confidence"))
		if x < 0.5 || x > 1 {
			t.Fatalf("seed %d: %v is outside 0.5..1", seed, x)
		}
		seen[x] = true
	}
	if len(seen) < 3 {
		t.Errorf("confidence drawn from %d values: %v", len(seen), seen)
	}
}
