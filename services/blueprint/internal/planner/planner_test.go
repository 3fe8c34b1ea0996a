package planner_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	toolv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/tool/v1"
	"google.golang.org/protobuf/proto"

	"github.com/tdscaling/tdscaling/platform/llm/sim"
	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
	"github.com/tdscaling/tdscaling/platform/seedrand"

	"github.com/tdscaling/tdscaling/services/blueprint/internal/catalog"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/fixtures"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/planner"
	"github.com/tdscaling/tdscaling/services/blueprint/internal/validate"
)

type prim = blueprintv1.ReasoningPrimitive

func draft(t testing.TB, c *clusterv1.Cluster, seed int64, complexity int32, ps ...prim) (*blueprintv1.Blueprint, error) {
	t.Helper()
	return planner.New().Draft(context.Background(), planner.Request{Cluster: c, Target: &blueprintv1.Target{Primitives: ps, Complexity: complexity}, Seed: seed})
}

// mustRealise drafts, validates independently and checks the primitives are realised.
// multiIntentDraft drafts a blueprint of cluster c at seed, of several
// requests where the cluster allows it, else of one; nil when neither can
// be drafted.
func multiIntentDraft(t testing.TB, c *clusterv1.Cluster, seed int64) *blueprintv1.Blueprint {
	t.Helper()
	bp, err := draft(t, c, seed, 1, validate.MultiIntent)
	if err != nil {
		bp, err = draft(t, c, seed, 1)
	}
	if err != nil {
		return nil
	}
	return bp
}

func mustRealise(t *testing.T, c *clusterv1.Cluster, seed int64, complexity int32, ps ...prim) *blueprintv1.Blueprint {
	t.Helper()
	bp, err := draft(t, c, seed, complexity, ps...)
	if err != nil {
		t.Fatalf("draft %v (seed %d): %v", ps, seed, err)
	}
	if v := validate.Blueprint(bp, catalog.New(c)); len(v) > 0 {
		t.Fatalf("draft %v (seed %d) does not validate: %v", ps, seed, v)
	}
	got := validate.Realised(bp)
	for _, p := range ps {
		if !got[p] {
			t.Fatalf("draft %v (seed %d) does not realise %s", ps, seed, p)
		}
	}
	return bp
}

// checkChain: a chain has at least two calls.
func checkChain(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	if len(bp.Calls) < 2 {
		t.Fatalf("chain of %d calls", len(bp.Calls))
	}
}

// checkFanOut: a fan-out has a parallel group of at least two calls.
func checkFanOut(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	groups := map[int32]int{}
	for _, c := range bp.Calls {
		if c.ParallelGroup > 0 {
			groups[c.ParallelGroup]++
		}
	}
	for _, n := range groups {
		if n >= 2 {
			return
		}
	}
	t.Fatalf("no parallel group of two: %v", groups)
}

// checkConditional: a conditional call tests a JSON path of an earlier result.
func checkConditional(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	for _, c := range bp.Calls {
		if cond := c.Condition; cond != nil {
			if !strings.HasPrefix(cond.Subject.Path, "$") || cond.Operator == "" {
				t.Fatalf("condition %v", cond)
			}
			return
		}
	}
	t.Fatal("no condition")
}

// checkIteration: an iteration runs a call for each item of a list.
func checkIteration(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	for _, c := range bp.Calls {
		if c.ForEach != nil {
			if c.ForEach.Path != "$.items" {
				t.Fatalf("for_each path %q, want $.items", c.ForEach.Path)
			}
			return
		}
	}
	t.Fatal("no for_each")
}

// checkRecovery: a recovery fails a call with a cause; a failure other than a state error is corrected by the same tool, with other arguments unless it was transient.
func checkRecovery(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	failed, fixed := failingAndCorrection(bp)
	if failed == nil || failed.Expect.Cause == blueprintv1.FailureCause_FAILURE_CAUSE_UNSPECIFIED {
		t.Fatalf("no failing call with a cause: %v", failed)
	}
	if failed.Expect.Cause == blueprintv1.FailureCause_FAILURE_CAUSE_STATE {
		if fixed != nil {
			t.Fatalf("a state error is retried by %v", fixed)
		}
		return
	}
	if fixed == nil || fixed.Expect.CorrectsCallId != failed.Id || failed.ToolName != fixed.ToolName {
		t.Fatalf("failed %v fixed %v", failed, fixed)
	}
	same := proto.Equal(&blueprintv1.PlannedCall{Arguments: failed.Arguments}, &blueprintv1.PlannedCall{Arguments: fixed.Arguments})
	if same != (failed.Expect.Cause == blueprintv1.FailureCause_FAILURE_CAUSE_TRANSIENT) {
		t.Fatalf("%s: the failing call and its correction have the same arguments: %v", failed.Expect.Cause, same)
	}
}

// checkClarify: a clarification withholds a value until the assistant asks for it.
func checkClarify(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	for _, c := range bp.Calls {
		for _, a := range c.Arguments {
			if a.GetUser().GetWithholdUntilAsked() {
				return
			}
		}
	}
	t.Fatal("nothing withheld")
}

// checkAggregate: an aggregation reads at least two calls.
func checkAggregate(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	if len(bp.Calls) < 2 {
		t.Fatalf("aggregation over %d calls", len(bp.Calls))
	}
}

// checkCode: a code step is written in its tool's language and reads each call it depends on.
func checkCode(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	for _, c := range bp.Calls {
		if catalog.Language(c.ToolName) != "" {
			if c.CodeLanguage != catalog.Language(c.ToolName) {
				t.Fatalf("%s call in language %q", c.ToolName, c.CodeLanguage)
			}
			for _, d := range c.DependsOn {
				if !strings.Contains(c.Code, "{{"+d+"}}") {
					t.Fatalf("code does not read %s:\n%s", d, c.Code)
				}
			}
			return
		}
	}
	t.Fatal("no code step")
}

// checkMultiIntent: a multi-intent request has at least two intents.
func checkMultiIntent(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	if len(bp.Intents) < 2 {
		t.Fatalf("%d intents", len(bp.Intents))
	}
}

// checkIrrelevance: an irrelevant request alone plans no call.
func checkIrrelevance(t *testing.T, bp *blueprintv1.Blueprint) {
	t.Helper()
	if len(bp.Calls) != 0 {
		t.Fatalf("irrelevance alone planned %d calls", len(bp.Calls))
	}
}

func TestEachPrimitive(t *testing.T) {
	tests := []struct {
		p     prim
		check func(t *testing.T, bp *blueprintv1.Blueprint)
	}{
		{validate.Chain, checkChain},
		{validate.FanOut, checkFanOut},
		{validate.Conditional, checkConditional},
		{validate.Iteration, checkIteration},
		{validate.Recovery, checkRecovery},
		{validate.Clarify, checkClarify},
		{validate.Aggregate, checkAggregate},
		{validate.Code, checkCode},
		{validate.MultiIntent, checkMultiIntent},
		{validate.Irrelevance, checkIrrelevance},
	}
	for _, tc := range tests {
		t.Run(strings.TrimPrefix(tc.p.String(), "REASONING_PRIMITIVE_"), func(t *testing.T) {
			for seed := range int64(8) {
				bp := mustRealise(t, fixtures.Shop(), seed, 0, tc.p)
				tc.check(t, bp)
			}
		})
	}
}

func TestComposition(t *testing.T) {
	all := []prim{validate.Chain, validate.FanOut, validate.Conditional, validate.Iteration, validate.Recovery,
		validate.Clarify, validate.Aggregate, validate.Code, validate.MultiIntent, validate.Irrelevance}
	tests := [][]prim{
		{validate.Chain, validate.FanOut},
		{validate.Chain, validate.Recovery, validate.Clarify},
		{validate.Iteration, validate.Aggregate, validate.Code},
		{validate.Conditional, validate.MultiIntent},
		{validate.MultiIntent, validate.Irrelevance},
		{validate.Chain, validate.Irrelevance},
		{validate.FanOut, validate.Code, validate.Clarify, validate.MultiIntent},
		all,
	}
	for _, ps := range tests {
		t.Run(fmt.Sprint(len(ps), "primitives"), func(t *testing.T) {
			for seed := range int64(6) {
				for _, cx := range []int32{0, 5, 10} {
					bp := mustRealise(t, fixtures.Shop(), seed, cx, ps...)
					if cx > 0 && len(bp.Calls) < int(cx) && len(bp.Calls) < len(fixtures.Shop().Tools) {
						t.Fatalf("complexity %d gave %d calls", cx, len(bp.Calls))
					}
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	ps := []prim{validate.Chain, validate.FanOut, validate.Code}
	a := mustRealise(t, fixtures.Shop(), 42, 6, ps...)
	b := mustRealise(t, fixtures.Shop(), 42, 6, ps...)
	if !proto.Equal(a, b) {
		t.Fatal("same seed, different blueprints")
	}
	differ := false
	for seed := range int64(10) {
		if c := mustRealise(t, fixtures.Shop(), 100+seed, 6, ps...); !proto.Equal(a, c) {
			differ = true
			break
		}
	}
	if !differ {
		t.Fatal("ten seeds gave the same blueprint")
	}
}

func TestImpossibleTargets(t *testing.T) {
	tests := []struct {
		name    string
		cluster *clusterv1.Cluster
		p       prim
		want    string
	}{
		{"fan-out without independent tools", fixtures.Pair(), validate.FanOut, "two tools that do not depend on each other"},
		{"iteration without a list edge", fixtures.Pair(), validate.Iteration, "list field"},
		{"chain without edges", fixtures.Loose(), validate.Chain, "dependency edge"},
		{"condition without output schemas", fixtures.Loose(), validate.Conditional, "output schema"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := draft(t, tc.cluster, 1, 0, tc.p)
			var ie *planner.ImpossibleError
			if !errors.As(err, &ie) || ie.Primitive != tc.p || !strings.Contains(ie.Reason, tc.want) {
				t.Fatalf("want ImpossibleError for %s mentioning %q, got %v", tc.p, tc.want, err)
			}
		})
	}
	// What the small clusters can do, they do.
	mustRealise(t, fixtures.Pair(), 1, 0, validate.Chain, validate.Clarify, validate.Recovery, validate.Code)
	mustRealise(t, fixtures.Loose(), 1, 0, validate.FanOut, validate.Clarify, validate.Irrelevance, validate.MultiIntent)
}

func TestBestEffortLeavesOutWhatCannotBeRealised(t *testing.T) {
	target := &blueprintv1.Target{Primitives: []prim{validate.Chain, validate.FanOut, validate.Clarify}, BestEffort: true}
	bp, err := planner.New().Draft(context.Background(), planner.Request{Cluster: fixtures.Loose(), Target: target, Seed: 1})
	if err != nil {
		t.Fatalf("best effort: %v", err)
	}
	if want := []prim{validate.FanOut, validate.Clarify}; !slices.Equal(bp.GetPrimitives(), want) {
		t.Fatalf("primitives %v, want %v (the loose cluster has no chain)", bp.GetPrimitives(), want)
	}
	if v := validate.Blueprint(bp, catalog.New(fixtures.Loose())); len(v) > 0 {
		t.Fatalf("invalid: %v", v)
	}
	target.BestEffort = false
	if _, err := planner.New().Draft(context.Background(), planner.Request{Cluster: fixtures.Loose(), Target: target, Seed: 1}); err == nil {
		t.Fatal("without best effort an unrealisable chain must fail the draft")
	}
}

// BenchmarkDraft measures blueprints per second with the sim planner (plan
// plus full validation) on the shop cluster, with its catalog compiled once
// as the service does (catalog.Cache); "cold" compiles it for every plan.
func BenchmarkDraft(b *testing.B) {
	for _, bc := range []struct {
		name string
		ps   []prim
		cx   int32
		cold bool
	}{
		{"chain", []prim{validate.Chain}, 0, false},
		{"composed", []prim{validate.Chain, validate.FanOut, validate.Iteration, validate.Recovery, validate.Code, validate.MultiIntent}, 8, false},
		{"chain-cold-catalog", []prim{validate.Chain}, 0, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := fixtures.Shop()
			cat := catalog.New(c)
			p := planner.New()
			ctx := context.Background()
			seed := int64(0)
			b.ReportAllocs()
			for b.Loop() {
				seed++
				if bc.cold {
					cat = catalog.New(c)
				}
				if _, err := p.DraftCatalog(ctx, cat, &blueprintv1.Target{Primitives: bc.ps, Complexity: bc.cx}, seed, ""); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "blueprints/s")
		})
	}
}

// TestCodeStepsRun checks that code steps over lists of records are planned
// in SQL as well as Python, and that every program runs (python3, sqlite3)
// over outputs that fit the tools' schemas, and over empty outputs (every
// property optional), printing one JSON object with a figure per earlier
// result.
func TestCodeStepsRun(t *testing.T) {
	run := map[string][]string{"python": {"/usr/bin/python3", "-I", "-"}, "sql": {"sqlite3", "-bail", "-batch", ":memory:"}}
	for _, argv := range run {
		if _, err := exec.LookPath(argv[0]); err != nil {
			t.Skipf("%s is not installed", argv[0])
		}
	}
	cat := catalog.New(fixtures.Shop())
	langs := map[string]int{}
	programs, computed := 0, 0
	for seed := range int64(24) {
		bp := mustRealise(t, fixtures.Shop(), seed, 0, validate.Code)
		for _, c := range bp.Calls {
			if c.Code == "" {
				continue
			}
			langs[c.CodeLanguage]++
			// The program computes what the user asked for: its first line
			// says what, in the request's words.
			what := strings.TrimLeft(strings.SplitN(c.Code, "\n", 2)[0], "#- ")
			if what == "" || !strings.Contains(bp.Intents[c.Intent], what) {
				t.Fatalf("seed %d: the program computes %q, which request %q does not ask for", seed, what, bp.Intents[c.Intent])
			}
			for _, empty := range []bool{false, true} {
				values := sim.NewValues(seedrand.New(seed, "outputs"))
				program := placeholder.ReplaceAllStringFunc(c.Code, func(m string) string {
					if empty {
						return "{}"
					}
					id := m[2 : len(m)-2]
					i := slices.IndexFunc(bp.Calls, func(d *blueprintv1.PlannedCall) bool { return d.Id == id })
					out := cat.Lookup(bp.Calls[i].ToolName).Output
					raw, _ := json.Marshal(values.For(out, out, ""))
					if c.CodeLanguage == "sql" {
						return strings.ReplaceAll(string(raw), "'", "''")
					}
					return string(raw)
				})
				argv := run[c.CodeLanguage]
				cmd := exec.Command(argv[0], argv[1:]...)
				cmd.Stdin = strings.NewReader(program)
				stdout, err := cmd.Output()
				if err != nil {
					t.Fatalf("seed %d (empty outputs %v): %s: %v\n%s", seed, empty, argv[0], err, program)
				}
				var got map[string]any
				if err := json.Unmarshal(stdout, &got); err != nil || len(got) == 0 {
					t.Fatalf("seed %d: want one JSON object of figures, got %q (%v)\n%s", seed, stdout, err, program)
				}
				if !empty {
					programs++
					if slices.ContainsFunc(slices.Collect(maps.Values(got)), func(v any) bool { return v != nil }) {
						computed++
					}
				}
			}
		}
	}
	if langs["sql"] == 0 || langs["python"] == 0 {
		t.Fatalf("code steps by language: %v; want both", langs)
	}
	// An output may lack an optional field a figure reads; most programs
	// still compute something from real outputs.
	if computed*5 < programs*4 {
		t.Fatalf("%d of %d programs computed a figure from real outputs; want at least 80%%", computed, programs)
	}
}

var placeholder = regexp.MustCompile(`\{\{(c\d+)\}\}`)

// TestSeededByContentNotIDs: the same tools under another cluster id (a
// second import of the corpus) give the same plan, so a seed repeats across
// runs.
func TestSeededByContentNotIDs(t *testing.T) {
	a := fixtures.Shop()
	b := proto.CloneOf(a)
	b.Id = "k0000000000-00001"
	ps := []prim{validate.Chain, validate.FanOut, validate.Code}
	x := mustRealise(t, a, 9, 6, ps...)
	y := mustRealise(t, b, 9, 6, ps...)
	x.Id, x.ClusterId, y.Id, y.ClusterId = "", "", "", ""
	if !proto.Equal(x, y) {
		t.Fatal("the same tools under another cluster id gave another plan")
	}
}

// TestRequestCap checks that a plan keeps to Target.max_requests: multi-intent
// with an irrelevant request at high complexity asks for four requests.
func TestRequestCap(t *testing.T) {
	for _, cap := range []int32{0, 1, 2, 3} {
		for seed := range int64(4) {
			target := &blueprintv1.Target{Primitives: []prim{validate.MultiIntent, validate.Irrelevance, validate.Chain},
				Complexity: 9, BestEffort: true, MaxRequests: cap}
			bp, err := planner.New().Draft(context.Background(), planner.Request{Cluster: fixtures.Shop(), Target: target, Seed: seed})
			if err != nil {
				t.Fatal(err)
			}
			n := len(bp.GetIntents())
			switch {
			case cap == 0 && n != 4:
				t.Fatalf("no cap: %d intents, want 4", n)
			case cap > 0 && n > int(cap):
				t.Fatalf("cap %d: %d intents %q", cap, n, bp.GetIntents())
			case cap > 0 && n < int(cap):
				t.Fatalf("cap %d: only %d intents, want the cap", cap, n)
			}
		}
	}
}

// TestRequestsParaphraseTools: a request says what the user wants in its
// own words — never a tool's description pasted in, never markup — and the
// stated values are woven in, not listed as "description: value".
func TestRequestsParaphraseTools(t *testing.T) {
	cluster := fixtures.Shop()
	for _, tool := range cluster.GetTools() {
		tool.Description = "<p>" + tool.GetDescription() + " It returns the full record, e.g. with all of its fields, as JSON.</p>"
	}
	all := []prim{validate.Chain, validate.FanOut, validate.Conditional, validate.Iteration, validate.Recovery, validate.Clarify, validate.Aggregate, validate.Code, validate.MultiIntent}
	firsts := map[string]bool{}
	for seed := range int64(30) {
		p := all[seed%int64(len(all))]
		target := &blueprintv1.Target{Primitives: []prim{p}, Complexity: 4, BestEffort: true}
		bp, err := planner.New().Draft(context.Background(), planner.Request{Cluster: cluster, Target: target, Seed: seed})
		if err != nil {
			continue
		}
		for _, in := range bp.GetIntents() {
			low := strings.ToLower(in)
			for _, tool := range cluster.GetTools() {
				if d := strings.ToLower(tool.GetDescription()); strings.Contains(low, d) || strings.Contains(low, strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(tool.GetDescription(), "<p>"), "</p>"))) {
					t.Fatalf("seed %d: request %q pastes the description of %s", seed, in, tool.GetName())
				}
			}
			if strings.ContainsAny(in, "<>") || strings.Contains(low, "e.g") || strings.HasPrefix(in, "I need to ") {
				t.Fatalf("seed %d: request %q carries markup, an example or the old template", seed, in)
			}
		}
		// A value withheld anywhere is withheld everywhere (the user waits to
		// be asked for it).
		withheld := map[string]bool{}
		for _, c := range bp.GetCalls() {
			for _, a := range c.GetArguments() {
				if a.GetUser().GetWithholdUntilAsked() {
					withheld[a.GetUser().GetValueJson()] = true
				}
			}
		}
		for _, c := range bp.GetCalls() {
			for _, a := range c.GetArguments() {
				u := a.GetUser()
				if u == nil || withheld[u.GetValueJson()] || c.GetExpect().GetFails() {
					continue
				}
				if strings.Contains(strings.Join(bp.GetIntents(), " "), u.GetDescription()+": ") {
					t.Fatalf("seed %d: a value is listed as %q", seed, u.GetDescription()+": ")
				}
				said := u.GetValueJson()
				if sj := u.GetStatedJson(); sj != "" {
					said = sj // the user's own way of writing a value the plan converts
				}
				var v any
				_ = json.Unmarshal([]byte(said), &v)
				if s, ok := v.(string); ok && !strings.Contains(bp.GetIntents()[c.GetIntent()], s) {
					t.Fatalf("seed %d: request %q does not state %q", seed, bp.GetIntents()[c.GetIntent()], s)
				}
			}
		}
		firsts[bp.GetIntents()[0]] = true
	}
	if len(firsts) < 20 {
		t.Fatalf("30 plans gave %d distinct first requests", len(firsts))
	}
}

// TestNoGluedErrands checks that complexity is not reached by gluing
// unrelated calls onto a request: on a cluster without dependency edges (the
// shop's tools, edges removed) a request holds its own call and at most one
// unrelated addition.
func TestNoGluedErrands(t *testing.T) {
	loose := fixtures.Shop()
	loose.Edges = nil
	if len(loose.GetTools()) < 4 {
		t.Fatalf("the test needs a cluster of 4 or more tools, got %d", len(loose.GetTools()))
	}
	for seed := range int64(8) {
		bp, err := draft(t, loose, seed, 10)
		if err != nil {
			t.Fatal(err)
		}
		perIntent := map[int32]int{}
		for _, c := range bp.GetCalls() {
			perIntent[c.GetIntent()]++
		}
		for i, n := range perIntent {
			if n > 2 {
				t.Fatalf("seed %d: intent %d holds %d unrelated calls: %q", seed, i, n, bp.GetIntents())
			}
		}
	}
}

// TestComparedCasesDiffer checks that an aggregation never compares a tool
// with itself on the same arguments, including on a cluster whose tools take
// no required parameter (then two different tools are brought together).
func TestComparedCasesDiffer(t *testing.T) {
	noArgs := fixtures.Shop()
	for _, tl := range noArgs.GetTools() {
		tl.InputSchemaJson = `{"type":"object","properties":{}}`
	}
	noArgs.Edges = nil
	for _, c := range []*clusterv1.Cluster{fixtures.Shop(), noArgs} {
		for seed := range int64(12) {
			bp, err := draft(t, c, seed, 0, validate.Aggregate)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, call := range bp.GetCalls() {
				key := call.GetToolName() + " " + fmt.Sprint(call.GetArguments())
				if seen[key] {
					t.Fatalf("%s seed %d: %s called twice with the same arguments: %q", c.GetId(), seed, call.GetToolName(), bp.GetIntents())
				}
				seen[key] = true
			}
		}
	}
}

// A login returns {"success": true}: nothing to compare two cases on and
// nothing for a program to compute. Comparisons and code steps take the
// tools whose results hold figures, lists or text.
func TestComparisonsAndProgramsUseResultsWithSomethingInThem(t *testing.T) {
	c := fixtures.Shop()
	c.Tools = append(c.Tools, &toolv1.Tool{Id: "t_login", Name: "shop_login", Description: "Sign in to the shop.",
		InputSchemaJson:  `{"type":"object","properties":{"username":{"type":"string"},"password":{"type":"string"}},"required":["username","password"]}`,
		OutputSchemaJson: `{"type":"object","properties":{"success":{"type":"boolean"}}}`, Service: "shop", Domain: "e_commerce"})
	for seed := range int64(40) {
		for _, p := range []prim{validate.Aggregate, validate.Code} {
			bp, err := draft(t, c, seed, 0, p)
			if err != nil {
				t.Fatal(err)
			}
			logins := 0
			for _, call := range bp.GetCalls() {
				if call.GetToolName() == "shop_login" {
					logins++
				}
				if strings.Contains(call.GetCode(), "number of fields") {
					t.Fatalf("seed %d: a program counts the fields of a result: %q", seed, bp.GetIntents())
				}
			}
			if p == validate.Aggregate && logins > 1 {
				t.Fatalf("seed %d: two logins compared: %q", seed, bp.GetIntents())
			}
		}
	}
}

// Every call is asked for in its own tool's words: the requests are
// rendered after the calls are renumbered, and a call must not be described
// by the tool that held its id before (CreateFee asked for as "create a
// discount").
func TestRequestsDescribeTheirOwnCalls(t *testing.T) {
	c := fixtures.Shop()
	cat := catalog.New(c)
	drafted := 0
	for seed := range int64(60) {
		bp, err := draft(t, c, seed%20, int32(6+seed/20*3), validate.MultiIntent, validate.Chain, validate.Recovery)
		if err != nil {
			continue
		}
		drafted++
		text := strings.ToLower(strings.Join(bp.GetIntents(), " "))
		for _, call := range bp.GetCalls() {
			tl := cat.Lookup(call.GetToolName())
			if tl == nil || tl.Builtin {
				continue
			}
			// The purpose's object: its opening may be said in other words.
			ws := strings.Fields(wording.Short(wording.Purpose(tl.Name, tl.Description())))
			p := strings.Join(ws[max(1, len(ws)-2):], " ")
			if !strings.Contains(text, strings.ToLower(p)) {
				t.Fatalf("seed %d: %s (%q) is not asked for in %q", seed, call.GetToolName(), p, bp.GetIntents())
			}
		}
	}
	if drafted < 30 {
		t.Fatalf("only %d of 60 drafts", drafted)
	}
}
