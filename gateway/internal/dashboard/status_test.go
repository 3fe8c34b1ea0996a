package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var errNoJob = errors.New("no such job")

// plainJobs answers a missing job with a plain error, as the engine does.
type plainJobs struct{ ownedJobs }

func (p *plainJobs) Get(ctx context.Context, owner, id string) (*jobv1.Job, error) {
	if _, ok := p.jobs[id]; !ok {
		return nil, errNoJob
	}
	return p.ownedJobs.Get(ctx, owner, id)
}

// The dashboard answers the Jobs' plain errors as the job service would,
// through Config.Status.
func TestPagesMapErrorsThroughStatus(t *testing.T) {
	jobs := &plainJobs{ownedJobs{jobs: map[string]*jobv1.Job{}}}
	mapped := Handler(Config{Jobs: jobs, Status: func(_ context.Context, err error) error {
		if errors.Is(err, errNoJob) {
			return status.Error(codes.NotFound, "no job \"job-9\" (or it belongs to another token)")
		}
		return status.Error(codes.Internal, "internal error")
	}})
	code, body := get(t, mapped, "/dashboard/api/jobs/job-9", "")
	if code != http.StatusNotFound || !strings.Contains(body, "no job &#34;job-9&#34;") {
		t.Errorf("mapped: %d %s", code, body)
	}
	unmapped := Handler(Config{Jobs: jobs})
	if code, body := get(t, unmapped, "/dashboard/api/jobs/job-9", ""); code != http.StatusInternalServerError || strings.Contains(body, errNoJob.Error()) {
		t.Errorf("unmapped: %d %s", code, body)
	}
}
