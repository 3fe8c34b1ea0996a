package rollout_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/llm"

	"github.com/tdscaling/tdscaling/services/agent/internal/rollout"
	"github.com/tdscaling/tdscaling/services/agent/internal/simroles"
	"github.com/tdscaling/tdscaling/services/agent/internal/verify"
	"github.com/tdscaling/tdscaling/services/agent/internal/world"
)

func reasons(rs []*trajectoryv1.Rejection) []trajectoryv1.RejectReason {
	var out []trajectoryv1.RejectReason
	for _, r := range rs {
		out = append(out, r.GetReason())
	}
	return out
}

// badTools returns outputs that break the output schema.
type badTools struct{}

func (badTools) Generate(context.Context, world.Request) (string, llm.Totals, error) {
	return `{"items":"not a list","total":"many"}`, llm.Totals{}, nil
}

type fixedJudge float64

func (j fixedJudge) Judge(context.Context, *rollout.State) (float64, string, llm.Totals, error) {
	return float64(j), "fixed", llm.Totals{}, nil
}

// layerSchemaResult: a result that breaks the output schema.
func layerSchemaResult(t *testing.T) {
	roles := simRoles()
	roles.Tools = badTools{}
	res := run(t, "clarification", roles, nil)
	if res.Passed || res.Record.GetVerdict().GetChecks()[verify.Schema] || !slices.Contains(reasons(res.Rejections), trajectoryv1.RejectReason_REJECT_REASON_SCHEMA) {
		t.Fatalf("want a SCHEMA rejection, got %v", res.Rejections)
	}
}

// layerSchemaArguments: arguments that break the input schema.
func layerSchemaArguments(t *testing.T) {
	in := run(t, "chain", simRoles(), nil).Trace
	msgs := slices.Clone(in.Messages)
	for i, m := range msgs {
		if len(m.ToolCalls) > 0 {
			m.ToolCalls = slices.Clone(m.ToolCalls)
			m.ToolCalls[0].Function.Arguments = `{"query":1}`
			msgs[i] = m
			break
		}
	}
	in.Messages = msgs
	v := verify.Run(in)
	if v.Checks[verify.Schema] || !strings.Contains(v.Rejections[0].GetDetail(), "input schema") {
		t.Fatalf("want the schema layer to fail on arguments, got %v", v.Rejections)
	}
}

// layerBlueprintMissingCall: a planned call missing.
func layerBlueprintMissingCall(t *testing.T) {
	in := run(t, "chain", simRoles(), nil).Trace
	// Drop the last call and its result: c3 was never made.
	var msgs []llm.Message
	drop := ""
	for i := len(in.Messages) - 1; i >= 0; i-- {
		if len(in.Messages[i].ToolCalls) > 0 {
			drop = in.Messages[i].ToolCalls[0].ID
			break
		}
	}
	for _, m := range in.Messages {
		if m.ToolCallID == drop || len(m.ToolCalls) > 0 && m.ToolCalls[0].ID == drop {
			continue
		}
		msgs = append(msgs, m)
	}
	in.Messages = msgs
	in.Answers = map[int]int{0: len(msgs) - 1}
	v := verify.Run(in)
	if v.Checks[verify.Blueprint] || !slices.ContainsFunc(v.Rejections, func(r *trajectoryv1.Rejection) bool {
		return r.GetReason() == trajectoryv1.RejectReason_REJECT_REASON_BLUEPRINT && strings.Contains(r.GetDetail(), "c3") && strings.Contains(r.GetDetail(), "never made")
	}) {
		t.Fatalf("want a BLUEPRINT rejection naming c3, got %v", v.Rejections)
	}
}

// layerBlueprintFailureAndGroup: a planned failure that succeeded, a split parallel group.
func layerBlueprintFailureAndGroup(t *testing.T) {
	in := run(t, "error-recovery", simRoles(), nil).Trace
	msgs := slices.Clone(in.Messages)
	for i, m := range msgs {
		if m.Role == "tool" && strings.Contains(m.Content, "error") {
			msgs[i].Content = `{"status":"in_transit"}`
		}
	}
	in.Messages = msgs
	v := verify.Run(in)
	if v.Checks[verify.Blueprint] || !strings.Contains(v.Rejections[0].GetDetail(), "should fail") {
		t.Fatalf("want a BLUEPRINT rejection for the planned failure, got %v", v.Rejections)
	}
	in = run(t, "fan-out", simRoles(), nil).Trace
	var split []llm.Message
	for _, m := range in.Messages {
		if len(m.ToolCalls) == 3 {
			a, b := m, m
			a.ToolCalls, b.ToolCalls = m.ToolCalls[:1], m.ToolCalls[1:]
			split = append(split, a, b)
			continue
		}
		split = append(split, m)
	}
	in.Messages = split
	v = verify.Run(in)
	if v.Checks[verify.Blueprint] || !slices.ContainsFunc(v.Rejections, func(r *trajectoryv1.Rejection) bool { return strings.Contains(r.GetDetail(), "one turn") }) {
		t.Fatalf("want a BLUEPRINT rejection for the split group, got %v", v.Rejections)
	}
}

// layerOutcomeNoResult: an answer that reports no result.
func layerOutcomeNoResult(t *testing.T) {
	p := &player{deviate: func(_ int, s *rollout.State) (llm.Message, bool) {
		return llm.Message{Role: "assistant", Content: "I have taken care of everything."}, s.Next().Kind == rollout.ActAnswer
	}}
	roles := simRoles()
	roles.Assistant = p
	res := run(t, "chain", roles, nil)
	if res.Passed || res.Record.GetVerdict().GetChecks()[verify.Outcome] || !slices.Contains(reasons(res.Rejections), trajectoryv1.RejectReason_REJECT_REASON_OUTCOME) {
		t.Fatalf("want an OUTCOME rejection, got %v", res.Rejections)
	}
}

// layerOutcomeExpectedValue: an expected value never mentioned.
func layerOutcomeExpectedValue(t *testing.T) {
	res := run(t, "chain", simRoles(), func(r *rollout.Request) {
		r.Blueprint.Checks[2].ExpectValuesJson = []string{`"a value nobody said"`}
	})
	if res.Passed || !strings.Contains(res.Rejections[0].GetDetail(), "a value nobody said") {
		t.Fatalf("want an OUTCOME rejection for the expected value, got %v", res.Rejections)
	}
}

// layerJudgeLowScore: a low score.
func layerJudgeLowScore(t *testing.T) {
	roles := simRoles()
	roles.Judge = fixedJudge(0.2)
	res := run(t, "chain", roles, nil)
	if res.Passed || res.Record.GetVerdict().GetChecks()[verify.Judge] || res.Record.GetVerdict().GetJudgeScore() != 0.2 ||
		!slices.Equal(reasons(res.Rejections), []trajectoryv1.RejectReason{trajectoryv1.RejectReason_REJECT_REASON_JUDGE}) {
		t.Fatalf("want only a JUDGE rejection, got %v", res.Rejections)
	}
	roles.Judge = simroles.Judge{}
	res = run(t, "chain", roles, nil)
	if !res.Passed || !res.Record.GetVerdict().GetChecks()[verify.Judge] || res.Record.GetVerdict().GetJudgeScore() != 1 {
		t.Fatalf("the sim judge should pass a complete trajectory: %v", res.Rejections)
	}
}

// TestEachLayerFails makes every verification layer fail on purpose.
func TestEachLayerFails(t *testing.T) {
	for _, c := range []struct {
		name string
		test func(*testing.T)
	}{
		{"schema: a result that breaks the output schema", layerSchemaResult},
		{"schema: arguments that break the input schema", layerSchemaArguments},
		{"blueprint: a planned call missing", layerBlueprintMissingCall},
		{"blueprint: a planned failure that succeeded, a split parallel group", layerBlueprintFailureAndGroup},
		{"outcome: an answer that reports no result", layerOutcomeNoResult},
		{"outcome: an expected value never mentioned", layerOutcomeExpectedValue},
		{"judge: a low score", layerJudgeLowScore},
	} {
		t.Run(c.name, c.test)
	}
}
