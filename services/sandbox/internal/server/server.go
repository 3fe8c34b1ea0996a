// Package server is the gRPC face of the sandbox: thin handlers over the executor.
package server

import (
	"context"
	"errors"
	"io"
	"sync"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"google.golang.org/grpc/status"

	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
)

// Server implements tdscaling.sandbox.v1.SandboxService.
type Server struct {
	sandboxv1.UnimplementedSandboxServiceServer
	exec      *executor.Executor
	isolation string
}

// New returns the service over exec.
func New(exec *executor.Executor, isolation string) *Server {
	return &Server{exec: exec, isolation: isolation}
}

// ChecksContractRules marks the service as checking the contract's rules
// itself (grpcserver.RuleChecker): the executor checks them with its own,
// so a request's every violation comes back in one answer, and each
// ExecuteBatch message is answered in the stream.
func (s *Server) ChecksContractRules() {}

// Execute implements SandboxService.
func (s *Server) Execute(ctx context.Context, r *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
	resp, err := s.exec.Execute(ctx, r)
	if err != nil {
		return nil, Status(ctx, s.exec.Logger(), err)
	}
	return resp, nil
}

// ExecuteBatch implements SandboxService: requests run concurrently, at most
// one slot's worth per stream at a time, and each response (or refusal)
// carries its request's id.
func (s *Server) ExecuteBatch(stream sandboxv1.SandboxService_ExecuteBatchServer) error {
	ctx := stream.Context()
	inFlight := make(chan struct{}, s.exec.Slots())
	var wg sync.WaitGroup
	var sendMu sync.Mutex
	var sendErr error
	send := func(resp *sandboxv1.ExecuteBatchResponse) {
		sendMu.Lock()
		defer sendMu.Unlock()
		if sendErr == nil {
			sendErr = stream.Send(resp)
		}
	}
	var recvErr error
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			recvErr = err
			break
		}
		select {
		case inFlight <- struct{}{}:
		case <-ctx.Done():
			recvErr = ctx.Err()
		}
		if recvErr != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-inFlight }()
			r := req.GetRequest()
			resp, err := s.exec.Execute(ctx, r)
			if err != nil {
				send(refusal(r.GetId(), Status(ctx, s.exec.Logger(), err)))
				return
			}
			send(&sandboxv1.ExecuteBatchResponse{Response: resp})
		})
	}
	wg.Wait()
	if recvErr != nil {
		return recvErr
	}
	return sendErr
}

// refusal reports a request that was not run (err is its status), without
// ending the stream.
func refusal(id string, err error) *sandboxv1.ExecuteBatchResponse {
	out := &sandboxv1.ExecuteBatchResponse{
		Id:           id,
		ErrorReason:  apierr.Reason(err),
		ErrorMessage: status.Convert(err).Message(),
	}
	for _, v := range apierr.Violations(err) {
		out.FieldViolations = append(out.FieldViolations, &sandboxv1.FieldViolation{Field: v.Field, Description: v.Description})
	}
	return out
}

// ListRuntimes implements SandboxService.
func (s *Server) ListRuntimes(context.Context, *sandboxv1.ListRuntimesRequest) (*sandboxv1.ListRuntimesResponse, error) {
	resp := &sandboxv1.ListRuntimesResponse{Isolation: s.isolation, Slots: int32(s.exec.Slots())}
	for _, rt := range s.exec.Runtimes() {
		resp.Runtimes = append(resp.Runtimes, &sandboxv1.Runtime{Language: rt.Language, Path: rt.Path, Version: rt.Version})
	}
	return resp, nil
}
