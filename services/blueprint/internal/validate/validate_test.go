package validate_test

import (
	"context"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/jsonpath"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

// base is a hand-written valid plan on the shop cluster: search, then for
// each result get the product, then (if in stock) add it to the cart.
func base() *blueprintv1.Blueprint {
	user := func(v string) *blueprintv1.ArgumentBinding_User {
		return &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: v}}
	}
	return &blueprintv1.Blueprint{
		ClusterId: "cl_shop", Goal: "buy a lamp", Intents: []string{"find and buy a desk lamp"},
		Primitives: []blueprintv1.ReasoningPrimitive{validate.Chain, validate.Iteration, validate.Conditional},
		Calls: []*blueprintv1.PlannedCall{
			{Id: "c1", ToolName: "search_products", Arguments: []*blueprintv1.ArgumentBinding{
				{Param: "query", Source: user(`"desk lamp"`)},
				{Param: "limit", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `5`}},
			}},
			{Id: "c2", ToolName: "get_product", DependsOn: []string{"c1"},
				ForEach:   &blueprintv1.CallReference{CallId: "c1", Path: "$.items"},
				Arguments: []*blueprintv1.ArgumentBinding{{Param: "product_id", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c1", Path: "$.items[*].product_id"}}}}},
			{Id: "c3", ToolName: "add_to_cart", DependsOn: []string{"c2"},
				Condition: &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: "c2", Path: "$.stock"}, Operator: "gt", ValueJson: "0"},
				Arguments: []*blueprintv1.ArgumentBinding{
					{Param: "product_id", Source: &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c2", Path: "$.product_id"}}},
					{Param: "quantity", Source: user(`1`)},
				}},
		},
	}
}

func TestValid(t *testing.T) {
	if v := validate.Blueprint(base(), catalog.New(fixtures.Shop())); len(v) != 0 {
		t.Fatalf("base plan: %v", v)
	}
}

func TestViolations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(bp *blueprintv1.Blueprint)
		field  string
		reason string
	}{
		{"literal outside the schema", func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Arguments[1].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `500`}
		}, "calls[0].arguments[1].literal_json", "maximum"},
		{"user value of the wrong type", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Arguments[1].GetUser().ValueJson = `"two"`
		}, "calls[2].arguments[1].user.value_json", "integer"},
		{"pattern", func(bp *blueprintv1.Blueprint) {
			bp.Calls[1].ForEach = nil
			bp.Calls[1].Arguments[0].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"P-1"`}
		}, "calls[1].arguments[0].literal_json", "does not match pattern"},
		{"literal not JSON", func(bp *blueprintv1.Blueprint) {
			bp.Calls[0].Arguments[1].Source = &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `five`}
		}, "calls[0].arguments[1].literal_json", "not JSON"},
		{"ref to a missing field", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Arguments[0].GetRef().Path = "$.sku"
		}, "calls[2].arguments[0].ref.path", `no field "sku"`},
		{"ref to a missing call", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Arguments[0].GetRef().CallId = "c9"
		}, "calls[2].arguments[0].ref.call_id", `no call "c9"`},
		{"ref of the wrong type", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Arguments[1].Source = &blueprintv1.ArgumentBinding_Ref{Ref: &blueprintv1.CallReference{CallId: "c2", Path: "$.status"}}
		}, "calls[2].arguments[1].ref.path", "wants integer"},
		{"wildcard without for_each", func(bp *blueprintv1.Blueprint) { bp.Calls[1].ForEach = nil }, "calls[1].arguments[0].ref.path", "for_each"},
		{"for_each over a scalar", func(bp *blueprintv1.Blueprint) { bp.Calls[1].ForEach.Path = "$.total" }, "calls[1].for_each.path", "not a list"},
		{"unknown tool", func(bp *blueprintv1.Blueprint) { bp.Calls[0].ToolName = "search_everything" }, "calls[0].tool_name", "no tool"},
		{"unknown parameter", func(bp *blueprintv1.Blueprint) { bp.Calls[0].Arguments[1].Param = "max_results" }, "calls[0].arguments[1].param", "no parameter"},
		{"missing required", func(bp *blueprintv1.Blueprint) { bp.Calls[2].Arguments = bp.Calls[2].Arguments[:1] }, "calls[2].arguments", `"quantity"`},
		{"duplicate id", func(bp *blueprintv1.Blueprint) { bp.Calls[1].Id = "c1" }, "calls[1].id", "duplicate"},
		{"cycle", func(bp *blueprintv1.Blueprint) { bp.Calls[0].DependsOn = []string{"c3"} }, "depends_on", "cycle"},
		{"parallel group with a dependency", func(bp *blueprintv1.Blueprint) {
			bp.Calls[1].ParallelGroup, bp.Calls[2].ParallelGroup = 1, 1
		}, "calls[2].parallel_group", "needs"},
		{"bad operator", func(bp *blueprintv1.Blueprint) { bp.Calls[2].Condition.Operator = "bigger" }, "calls[2].condition.operator", "want one of"},
		{"comparison without value", func(bp *blueprintv1.Blueprint) { bp.Calls[2].Condition.ValueJson = "" }, "calls[2].condition.value_json", "needs a JSON value"},
		{"intent out of range", func(bp *blueprintv1.Blueprint) { bp.Calls[2].Intent = 3 }, "calls[2].intent", "want 0..0"},
		{"no goal", func(bp *blueprintv1.Blueprint) { bp.Goal = "" }, "goal", "must not be empty"},
		{"primitive not realised", func(bp *blueprintv1.Blueprint) {
			bp.Primitives = append(bp.Primitives, validate.FanOut)
		}, "primitives[3]", "PARALLEL_FAN_OUT is requested but not realised"},
		{"correction of a call that does not fail", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Expect = &blueprintv1.ExpectedResult{CorrectsCallId: "c2"}
		}, "calls[2].expect.corrects_call_id", "not planned to fail"},
		{"ref into a failing call", func(bp *blueprintv1.Blueprint) {
			bp.Calls[1].Expect = &blueprintv1.ExpectedResult{Fails: true, ErrorMessage: "not found"}
		}, "calls[2].arguments[0].ref.call_id", "planned to fail"},
		{"code tool without code", func(bp *blueprintv1.Blueprint) {
			bp.Calls = append(bp.Calls, &blueprintv1.PlannedCall{Id: "c4", ToolName: "python", DependsOn: []string{"c3"}, CodeLanguage: "python",
				Arguments: []*blueprintv1.ArgumentBinding{{Param: "code", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"print(1)"`}}}})
		}, "calls[3].code", "needs the program"},
		{"ref into a tool without output schema", func(bp *blueprintv1.Blueprint) {
			bp.Calls[2].Arguments[0].GetRef().CallId = "c4"
			bp.Calls = append(bp.Calls, &blueprintv1.PlannedCall{Id: "c4", ToolName: "python", Code: "print(1)", CodeLanguage: "python",
				Arguments: []*blueprintv1.ArgumentBinding{{Param: "code", Source: &blueprintv1.ArgumentBinding_LiteralJson{LiteralJson: `"print(1)"`}}}})
		}, "calls[2].arguments[0].ref.path", `no field "product_id"`},
	}
	cat := catalog.New(fixtures.Shop())
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bp := base()
			tc.mutate(bp)
			vs := validate.Blueprint(bp, cat)
			for _, v := range vs {
				if strings.HasSuffix(v.Field, tc.field) && strings.Contains(v.Reason, tc.reason) {
					return
				}
			}
			t.Fatalf("want a violation at %s mentioning %q, got %v", tc.field, tc.reason, vs)
		})
	}
}

// FuzzValidate feeds arbitrary blueprints (protojson) to the validator: it
// must never panic, and a plan the planner drafted stays valid after a round
// trip through JSON.
func FuzzValidate(f *testing.F) {
	cat := catalog.New(fixtures.Shop())
	seedPlan, _ := protojson.Marshal(base())
	f.Add(seedPlan)
	for seed := range int64(3) {
		bp, err := planner.New().Draft(context.Background(), planner.Request{Cluster: fixtures.Shop(), Target: &blueprintv1.Target{
			Primitives: []blueprintv1.ReasoningPrimitive{validate.Chain, validate.FanOut, validate.Recovery, validate.Code, validate.MultiIntent}, Complexity: 6}, Seed: seed})
		if err != nil {
			f.Fatal(err)
		}
		b, _ := protojson.Marshal(bp)
		f.Add(b)
	}
	f.Add([]byte(`{"calls":[{"id":"a","dependsOn":["a"],"arguments":[{"param":"x","ref":{"callId":"a","path":"$[*]..["}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var bp blueprintv1.Blueprint
		if err := protojson.Unmarshal(data, &bp); err != nil {
			return
		}
		vs := validate.Blueprint(&bp, cat)
		for _, v := range vs {
			if v.Field == "" || v.Reason == "" {
				t.Fatalf("violation without field or reason: %+v", v)
			}
		}
		// Validation is a pure function of its input.
		again := validate.Blueprint(proto.Clone(&bp).(*blueprintv1.Blueprint), cat)
		if len(again) != len(vs) {
			t.Fatalf("validator is not deterministic: %d then %d violations", len(vs), len(again))
		}
	})
}

// FuzzParsePath: the JSON-path parser must not panic, and what it accepts
// formats back to a path it parses to the same steps.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"$", "$.a", "$.items[*].id", "$['a b'][0]", "a.b", "$[", "$..x", "$.a[-1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		steps, err := jsonpath.Parse(s)
		if err != nil {
			return
		}
		back, err := jsonpath.Parse("$" + jsonpath.Format(steps))
		if err != nil {
			t.Fatalf("%q parsed to %v, which formats to %q that does not parse: %v", s, steps, "$"+jsonpath.Format(steps), err)
		}
		if len(back) != len(steps) {
			t.Fatalf("%q: round trip changed %v to %v", s, steps, back)
		}
	})
}
