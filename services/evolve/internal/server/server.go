// Package server is the evolve service's gRPC handlers, thin over the job
// states of package jobstate. Jobs are started by the job loop (JobCreated)
// or in process; the RPCs address jobs the service holds.
package server

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	errorsv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/errors/v1"
	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/evolve/internal/jobstate"
)

// Server implements evolvev1.EvolveServiceServer.
type Server struct {
	evolvev1.UnimplementedEvolveServiceServer
	jobs *jobstate.Manager
	log  *slog.Logger
	// owns, when set, says whether this replica runs a job; the reports of
	// jobs it does not run are read fresh from the store.
	owns func(job string) bool
}

// ReadOthersFresh makes the reports of jobs owns denies read from the store
// at each call: another replica writes them.
func (s *Server) ReadOthersFresh(owns func(job string) bool) { s.owns = owns }

// New returns the handlers over a job manager.
func New(jobs *jobstate.Manager, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{jobs: jobs, log: log}
}

func (s *Server) job(ctx context.Context, id string) (*jobstate.Job, error) {
	return s.load(ctx, id, s.jobs.Get)
}

// read returns a job to read: this replica's, or another's as stored now.
func (s *Server) read(ctx context.Context, id string) (*jobstate.Job, error) {
	if s.owns != nil && !s.owns(id) {
		return s.load(ctx, id, s.jobs.Fresh)
	}
	return s.job(ctx, id)
}

func (s *Server) load(ctx context.Context, id string, get func(context.Context, string) (*jobstate.Job, error)) (*jobstate.Job, error) {
	if id == "" {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: "job_id", Description: "must be set"})
	}
	j, err := get(ctx, id)
	if errors.Is(err, jobstate.ErrNotFound) {
		return nil, apierr.New(codes.NotFound, errorsv1.ErrorReason_ERROR_REASON_JOB_NOT_FOUND, "job %q is not known to the evolve service", id)
	}
	if err != nil {
		return nil, s.internal(err)
	}
	return j, nil
}

func (s *Server) internal(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return apierr.New(codes.Canceled, errorsv1.ErrorReason_ERROR_REASON_UNSPECIFIED, "%v", err)
	}
	s.log.Error("evolve", "err", err)
	return apierr.Internal()
}

// ChecksContractRules marks the service as checking the contract's rules
// in its handlers (grpcserver.RuleChecker), which in-process callers
// (Local) reach without the gRPC edge.
func (s *Server) ChecksContractRules() {}

// rules checks req against the contract's rules (job_id, n).
func (s *Server) rules(ctx context.Context, req proto.Message) error {
	vs, err := apierr.Check(req)
	if err != nil {
		s.log.ErrorContext(ctx, "request validation rules failed", "err", err)
		return apierr.Internal()
	}
	if len(vs) > 0 {
		return apierr.InvalidArgument(vs...)
	}
	return nil
}

// NextTargets issues the targets of the job's next n tasks.
func (s *Server) NextTargets(ctx context.Context, req *evolvev1.NextTargetsRequest) (*evolvev1.NextTargetsResponse, error) {
	if err := s.rules(ctx, req); err != nil {
		return nil, err
	}
	j, err := s.job(ctx, req.GetJobId())
	if err != nil {
		return nil, err
	}
	tasks, err := j.Next(ctx, int(req.GetN()))
	if err != nil {
		return nil, s.internal(err)
	}
	return &evolvev1.NextTargetsResponse{Tasks: tasks}, nil
}

// Observe takes one rollout result.
func (s *Server) Observe(ctx context.Context, req *evolvev1.ObserveRequest) (*evolvev1.ObserveResponse, error) {
	res := req.GetResult()
	if res.GetTaskId() == "" {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: "result.task_id", Description: "must be set"})
	}
	if res.GetPassed() && len(res.GetRecord().GetMessages()) == 0 {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: "result.record.messages", Description: "a passed rollout needs its record's messages"})
	}
	j, err := s.job(ctx, res.GetJobId())
	if err != nil {
		return nil, err
	}
	out, err := j.Observe(ctx, res)
	if errors.Is(err, jobstate.ErrUnknownTask) {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: "result.task_id", Description: err.Error()})
	}
	if err != nil {
		return nil, s.internal(err)
	}
	return &evolvev1.ObserveResponse{Decision: out.Decision, DuplicateOf: out.DuplicateOf, Snapshot: j.Snapshot(), FirstDecision: out.First}, nil
}

// GetReport describes the job's dataset.
func (s *Server) GetReport(ctx context.Context, req *evolvev1.GetReportRequest) (*evolvev1.GetReportResponse, error) {
	if err := s.rules(ctx, req); err != nil {
		return nil, err
	}
	j, err := s.read(ctx, req.GetJobId())
	if err != nil {
		return nil, err
	}
	return &evolvev1.GetReportResponse{Report: j.Report()}, nil
}
