package server

import (
	"context"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

// drafts are the named drafts in progress, so that CancelDraft can end one
// while its DraftBlueprint still answers (with the usage of the calls it
// made): cancelling the call itself would lose that answer.
type drafts struct {
	mu sync.Mutex
	m  map[string]context.CancelFunc
}

func draftKey(job, draft string) string { return job + "\x00" + draft }

// begin returns ctx, ended by a CancelDraft of (job, draft), and the
// function that forgets the draft once it ends.
func (d *drafts) begin(ctx context.Context, job, draft string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	key := draftKey(job, draft)
	d.mu.Lock()
	if d.m == nil {
		d.m = map[string]context.CancelFunc{}
	}
	d.m[key] = cancel
	d.mu.Unlock()
	return ctx, func() {
		d.mu.Lock()
		delete(d.m, key)
		d.mu.Unlock()
		cancel()
	}
}

func (d *drafts) cancel(job, draft string) bool {
	d.mu.Lock()
	cancel, ok := d.m[draftKey(job, draft)]
	d.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// CancelDraft implements BlueprintService.
func (s *Server) CancelDraft(_ context.Context, r *blueprintv1.CancelDraftRequest) (*blueprintv1.CancelDraftResponse, error) {
	if r.GetJobId() == "" || r.GetDraftId() == "" {
		return nil, apierr.InvalidArgument(apierr.Violation{Field: "draft_id", Description: "name the draft: its job_id and draft_id as DraftBlueprint was given them"})
	}
	return &blueprintv1.CancelDraftResponse{Found: s.drafts.cancel(r.GetJobId(), r.GetDraftId())}, nil
}

// errDraftCancelled is the answer of a draft CancelDraft ended.
func errDraftCancelled() error {
	return status.Error(codes.Canceled, "draft cancelled by CancelDraft: the calls it made are in the usage")
}
