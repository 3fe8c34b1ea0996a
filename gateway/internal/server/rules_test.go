package server

import (
	"fmt"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/apierr"
)

func requireViolation(t *testing.T, err error, field string) {
	t.Helper()
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("%v: want InvalidArgument", err)
	}
	for _, v := range apierr.Violations(err) {
		if v.Field == field {
			return
		}
	}
	t.Fatalf("%v: no violation of %q", apierr.Violations(err), field)
}

// The job ids and labels of requests are bounded by the contract's rules
// (proto/tdscaling/job/v1), which the gRPC server checks before any handler
// runs (platform/grpcserver): job ids are keys of the job store and parts
// of NATS subjects, where spaces, '*', '>' and '.' mean something.

func TestJobIDRules(t *testing.T) {
	for _, good := range []string{"job-01hz8m3k4q5r6s7t8v9w0x1y2z", "a", "A_b-9", strings.Repeat("a", 128)} {
		for _, req := range jobIDRequests(good) {
			if err := apierr.Validate(req); err != nil {
				t.Errorf("%T{%q}: %v", req, good, err)
			}
		}
	}
	for _, bad := range []string{"", "a b", "*", ">", "../../etc/passwd", "job.1", "a\x00b", "jöb", strings.Repeat("a", 129)} {
		for _, req := range jobIDRequests(bad) {
			requireViolation(t, apierr.Validate(req), "job_id")
		}
	}
}

func jobIDRequests(id string) []proto.Message {
	return []proto.Message{
		&jobv1.GetJobRequest{JobId: id}, &jobv1.WatchJobRequest{JobId: id},
		&jobv1.CancelJobRequest{JobId: id}, &jobv1.ExportDatasetRequest{JobId: id},
		&jobv1.ResumeJobRequest{JobId: id},
	}
}

func TestCreateJobRules(t *testing.T) {
	many := map[string]string{}
	for i := range 20_000 {
		many[fmt.Sprintf("k%05d", i)] = "v"
	}
	cases := []struct {
		labels map[string]string
		reqID  string
		field  string
	}{
		{labels: many, field: "spec.labels"},
		{labels: map[string]string{"a b": "x"}, field: `spec.labels["a b"]`},
		{labels: map[string]string{"": "x"}, field: `spec.labels[""]`},
		{labels: map[string]string{"-lead": "x"}, field: `spec.labels["-lead"]`},
		{labels: map[string]string{"team": strings.Repeat("x", 257)}, field: `spec.labels["team"]`},
		{labels: map[string]string{"team": "a\nb"}, field: `spec.labels["team"]`},
		{labels: map[string]string{"team": "a\u0085b"}, field: `spec.labels["team"]`},
		{labels: map[string]string{strings.Repeat("k", 64): "x"}, field: `spec.labels["` + strings.Repeat("k", 64) + `"]`},
		{reqID: strings.Repeat("r", 257), field: "request_id"},
	}
	for _, c := range cases {
		err := apierr.Validate(&jobv1.CreateJobRequest{RequestId: c.reqID, Spec: &jobv1.JobSpec{Labels: c.labels}})
		requireViolation(t, err, c.field)
	}
	ok := &jobv1.CreateJobRequest{Spec: &jobv1.JobSpec{Labels: map[string]string{
		"team": "data", "app.kubernetes.io/name": "tds", "run_1": strings.Repeat("é", 100),
		strings.Repeat("k", 63): strings.Repeat("v", 256),
	}}, RequestId: strings.Repeat("r", 256)}
	if err := apierr.Validate(ok); err != nil {
		t.Fatalf("valid labels: %v", err)
	}
}
