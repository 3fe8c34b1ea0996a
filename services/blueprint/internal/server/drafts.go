package server

import (
	"context"
	"sync"
	"time"

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
	m  map[string]*namedDraft
	// early holds cancellations that arrived before their draft began
	// (CancelDraft can overtake DraftBlueprint): such a draft starts
	// stopped and makes no model call, so none can go uncounted.
	early map[string]time.Time
}

// earlyKept is how long a cancellation waits for its draft to begin.
const earlyKept = time.Minute

// namedDraft is a draft CancelDraft can stop: stop ends it before its next
// round; the planner call at the model gets grace to finish (its tokens are
// then known and counted), after which abandon cuts it.
type namedDraft struct {
	stop    chan struct{}
	once    sync.Once
	abandon context.CancelFunc
	grace   time.Duration
}

// cancelGrace is how long a cancelled draft's call at the model may take to
// finish before it is abandoned (its usage is then unknown). A loaded host
// or a slow model answers a call in flight within seconds; 3 s lost calls
// the model had served under the race detector on two cores.
const cancelGrace = 10 * time.Second

func draftKey(job, draft string) string { return job + "\x00" + draft }

// begin returns the context of the draft's model calls, the channel closed
// when CancelDraft stops the draft, and the function that forgets the draft
// once it ends.
func (d *drafts) begin(ctx context.Context, job, draft string) (context.Context, <-chan struct{}, func()) {
	ctx, cancel := context.WithCancel(ctx)
	nd := &namedDraft{stop: make(chan struct{}), abandon: cancel, grace: cancelGrace}
	key := draftKey(job, draft)
	d.mu.Lock()
	if d.m == nil {
		d.m = map[string]*namedDraft{}
	}
	d.m[key] = nd
	if _, cancelled := d.early[key]; cancelled {
		delete(d.early, key)
		nd.once.Do(func() { close(nd.stop) })
	}
	d.mu.Unlock()
	return ctx, nd.stop, func() {
		d.mu.Lock()
		if d.m[key] == nd {
			delete(d.m, key)
		}
		d.mu.Unlock()
		cancel()
	}
}

func (d *drafts) cancel(job, draft string) bool {
	key := draftKey(job, draft)
	d.mu.Lock()
	nd, ok := d.m[key]
	if !ok {
		now := time.Now()
		for k, at := range d.early {
			if now.Sub(at) > earlyKept {
				delete(d.early, k)
			}
		}
		if d.early == nil {
			d.early = map[string]time.Time{}
		}
		d.early[key] = now
	}
	d.mu.Unlock()
	if ok {
		nd.once.Do(func() {
			close(nd.stop)
			time.AfterFunc(nd.grace, nd.abandon)
		})
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
