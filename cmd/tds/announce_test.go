package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// TestAnnounceSaysAResumedJobResumes: a job found under way says it
// resumes, even when its count of records is not restored yet (a busy
// machine: the re-run of CI's TestSynthStopAndResume found its job with 0
// written and said nothing); a job this command created says nothing.
func TestAnnounceSaysAResumedJobResumes(t *testing.T) {
	start := time.Now()
	running := jobv1.JobState_JOB_STATE_RUNNING
	cases := []struct {
		name    string
		created time.Time
		written int64
		want    string
	}{
		{"counted", start.Add(-time.Minute), 132, "resuming job j: 132 of 300 records already written"},
		{"not counted yet", start.Add(-time.Minute), 0, "resuming job j: counting the records already written"},
		{"created now", start.Add(50 * time.Millisecond), 0, ""},
	}
	for _, c := range cases {
		job := &jobv1.Job{Id: "j", State: running, CreatedAt: timestamppb.New(c.created),
			Progress: &jobv1.Progress{Written: c.written, Target: 300}}
		var stderr bytes.Buffer
		(&synthFlags{}).announce(job, false, start, serverFlags{}, &stderr)
		if got := strings.TrimSpace(stderr.String()); got != c.want {
			t.Errorf("%s: announced %q, want %q", c.name, got, c.want)
		}
	}
}
