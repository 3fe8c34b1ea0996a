package planner

import (
	"encoding/json"
	"testing"

	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
)

// A number is totalled or averaged only when it is a quantity: an amount,
// a count, a size or a duration adds up; a score or a rate is averaged; a
// time, an id, a code, a version, a position, a flag, a coordinate, a year
// or a field named "default" is neither, whatever its type.
func TestOnlyQuantitiesAreTotalledOrAveraged(t *testing.T) {
	for schema, want := range map[string]measure{
		`{"name":"timestamp","type":"integer"}`:                                              notMeasure,
		`{"name":"created_at","type":"integer"}`:                                             notMeasure,
		`{"name":"lastModifiedTime","type":"number"}`:                                        notMeasure,
		`{"name":"end_period","type":"number"}`:                                              notMeasure,
		`{"name":"when","type":"integer","format":"unix-time"}`:                              notMeasure,
		`{"name":"default","type":"number"}`:                                                 notMeasure,
		`{"name":"value","type":"number"}`:                                                   notMeasure,
		`{"name":"customer_id","type":"integer"}`:                                            notMeasure,
		`{"name":"userid","type":"integer"}`:                                                 notMeasure,
		`{"name":"pull_number","type":"integer"}`:                                            notMeasure,
		`{"name":"version","type":"integer"}`:                                                notMeasure,
		`{"name":"api_version","type":"number"}`:                                             notMeasure,
		`{"name":"status_code","type":"integer"}`:                                            notMeasure,
		`{"name":"sort_order","type":"integer"}`:                                             notMeasure,
		`{"name":"position","type":"integer"}`:                                               notMeasure,
		`{"name":"latitude","type":"number"}`:                                                notMeasure,
		`{"name":"minlongitude","type":"number"}`:                                            notMeasure,
		`{"name":"year","type":"integer"}`:                                                   notMeasure,
		`{"name":"phone","type":"integer"}`:                                                  notMeasure,
		`{"name":"zip","type":"integer"}`:                                                    notMeasure,
		`{"name":"verified","type":"integer","minimum":0,"maximum":1}`:                       notMeasure,
		`{"name":"level","type":"integer","enum":[1,2,3]}`:                                   notMeasure,
		`{"name":"seen","type":"integer","description":"Unix timestamp of the last visit."}`: notMeasure,
		`{"name":"equipmentnumber","type":"integer"}`:                                        notMeasure,
		`{"name":"starttime","type":"integer"}`:                                              notMeasure,
		`{"name":"runtime","type":"integer"}`:                                                additive,
		`{"name":"popularity","type":"number"}`:                                              averaged,
		`{"name":"amount","type":"number"}`:                                                  additive,
		`{"name":"unit_price","type":"number"}`:                                              additive,
		`{"name":"size_bytes","type":"integer"}`:                                             additive,
		`{"name":"response_time","type":"number"}`:                                           additive,
		`{"name":"durationMs","type":"integer"}`:                                             additive,
		`{"name":"followers_count","type":"integer"}`:                                        additive,
		`{"name":"open_issues","type":"integer"}`:                                            additive,
		`{"name":"seats","type":"integer"}`:                                                  additive,
		`{"name":"n","type":"integer","description":"The number of members in the group."}`:  additive,
		`{"name":"rating","type":"number"}`:                                                  averaged,
		`{"name":"confidence_level","type":"number"}`:                                        averaged,
		`{"name":"cpu_utilization","type":"number"}`:                                         averaged,
		`{"name":"temperature","type":"number"}`:                                             averaged,
		`{"name":"interest_rate","type":"number"}`:                                           averaged,
	} {
		var s map[string]any
		if err := json.Unmarshal([]byte(schema), &s); err != nil {
			t.Fatal(err)
		}
		name := s["name"].(string)
		delete(s, "name")
		if got := measureOf(name, s); got != want {
			t.Errorf("%s: measure %d, want %d", schema, got, want)
		}
	}
}

// A list of records is totalled and averaged over a quantity it holds, not
// over the first number in it: presence events with a timestamp offer only
// their count; screenshots with a "default" offer nothing to add up; orders
// with a timestamp and an amount offer the amount; reviews' ratings are
// averaged, never totalled.
func TestListsAreAggregatedOverQuantities(t *testing.T) {
	tool := func(out string) *catalog.Tool {
		c := &clusterv1.Cluster{Id: "cl", Name: "c", Domain: "d", Services: []string{"s"}, Tools: []*toolv1.Tool{{Id: "t", Name: "get_events", Description: "Get the events.", Service: "s", Domain: "d",
			InputSchemaJson: `{"type":"object","properties":{}}`, OutputSchemaJson: out}}}
		return catalog.New(c).Tools[0]
	}
	for out, want := range map[string]string{
		`{"type":"array","items":{"type":"object","properties":{"clientId":{"type":"string"},"timestamp":{"type":"integer"}}}}`:                            "",
		`{"type":"array","items":{"type":"object","properties":{"default":{"type":"number"}}}}`:                                                            "",
		`{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"timestamp":{"type":"integer"},"total_price":{"type":"number"}}}}`: "total_price",
		`{"type":"object","properties":{"reviews":{"type":"array","items":{"type":"object","properties":{"rating":{"type":"number"}}}}}}`:                  "rating",
	} {
		sh := outputShape(tool(out))
		if sh.kind != shapeList || sh.field != want {
			t.Errorf("%s: %+v, want a list aggregated over %q", out, sh, want)
		}
		if want == "rating" && !sh.averaged {
			t.Errorf("%s: ratings totalled", out)
		}
	}
}
