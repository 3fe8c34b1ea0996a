package sim_test

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/seedrand"
)

func TestProbeV2(t *testing.T) {
	b, _ := os.ReadFile("/tmp/values2/domainfields.json")
	var rs []map[string]any
	_ = json.Unmarshal(b, &rs)
	for _, r := range rs {
		var vals []any
		for seed := range int64(3) {
			v := sim.NewValues(seedrand.New(seed, "p"))
			v.Subject(r["tool"].(string), "")
			vals = append(vals, v.For(r["schema"], r["schema"], r["name"].(string)))
		}
		d, _ := r["schema"].(map[string]any)["description"].(string)
		if len(d) > 60 {
			d = d[:60]
		}
		fmt.Printf("%s %s %q: %q\n", r["tool"], r["name"], d, vals)
	}
}
