package server

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	trajectoryv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/trajectory/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
	"github.com/tdscaling/tdscaling/services/evolve/internal/strategy"
)

func TestHandlers(t *testing.T) {
	ctx := context.Background()
	m := jobstate.NewManager(jobstate.NewMemory())
	job := &jobv1.Job{Id: "j", CorpusId: "c", Spec: &jobv1.JobSpec{TargetRecords: 1, Seed: 5}}
	if _, _, err := m.Start(ctx, job, func(context.Context) (strategy.Pool, error) {
		return strategy.Pool{Targets: []strategy.Cluster{{ID: "k1", Domain: "shop", Tools: 3}}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	s := New(m, nil)

	_, err := s.NextTargets(ctx, &evolvev1.NextTargetsRequest{JobId: "nope", N: 1})
	if status.Code(err) != codes.NotFound || apierr.Reason(err) != errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND {
		t.Fatalf("unknown job: %v", err)
	}
	_, err = s.NextTargets(ctx, &evolvev1.NextTargetsRequest{JobId: "j", N: 0})
	if v := apierr.Violations(err); len(v) != 1 || v[0].Field != "n" {
		t.Fatalf("n = 0: %v", err)
	}
	resp, err := s.NextTargets(ctx, &evolvev1.NextTargetsRequest{JobId: "j", N: 2})
	if err != nil || len(resp.GetTasks()) != 2 || resp.GetTasks()[1].GetId() != "j-t1" || resp.GetTasks()[0].GetTarget().GetDomain() != "shop" {
		t.Fatalf("NextTargets: %v %v", resp, err)
	}
	_, err = s.Observe(ctx, &evolvev1.ObserveRequest{Result: &agentv1.RolloutResult{JobId: "j", TaskId: "j-t9"}})
	if v := apierr.Violations(err); len(v) != 1 || v[0].Field != "result.task_id" {
		t.Fatalf("unknown task: %v", err)
	}
	rec := &trajectoryv1.Record{Id: "r0", Domain: "shop", Messages: []*trajectoryv1.Message{
		{Role: "user", Content: "list the open orders"},
		{Role: "assistant", ToolCalls: []*trajectoryv1.ToolCall{{Id: "c1", Function: &trajectoryv1.FunctionCall{Name: "orders", Arguments: `{"state":"open"}`}}}},
		{Role: "tool", ToolCallId: "c1", Content: `{"orders":[]}`},
		{Role: "assistant", Content: "none are open"},
	}}
	obs, err := s.Observe(ctx, &evolvev1.ObserveRequest{Result: &agentv1.RolloutResult{JobId: "j", TaskId: "j-t0", Passed: true, Record: rec}})
	if err != nil || obs.GetDecision() != evolvev1.Decision_DECISION_ACCEPTED || obs.GetSnapshot().GetAccepted() != 1 {
		t.Fatalf("Observe: %v %v", obs, err)
	}
	late, err := s.Observe(ctx, &evolvev1.ObserveRequest{Result: &agentv1.RolloutResult{JobId: "j", TaskId: "j-t1", Passed: true, Record: rec}})
	if err != nil || late.GetDecision() != evolvev1.Decision_DECISION_DROPPED {
		t.Fatalf("result after the target: %v %v", late, err)
	}
	rep, err := s.GetReport(ctx, &evolvev1.GetReportRequest{JobId: "j"})
	if err != nil || rep.GetReport().GetFinal().GetAccepted() != 1 || rep.GetReport().GetSignatures()[0].GetKey() != "[u].ans" ||
		rep.GetReport().GetStrategy().GetStrategy() != evolvev1.Strategy_STRATEGY_TDSCALING {
		t.Fatalf("GetReport: %v %v", rep, err)
	}
}
