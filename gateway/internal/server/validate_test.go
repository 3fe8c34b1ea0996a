package server

import (
	"fmt"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

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

func TestCheckID(t *testing.T) {
	for _, good := range []string{"job-01hz8m3k4q5r6s7t8v9w0x1y2z", "a", "A_b-9"} {
		if err := checkID(good); err != nil {
			t.Errorf("checkID(%q) = %v", good, err)
		}
	}
	for _, bad := range []string{"", "a b", "*", ">", "../../etc/passwd", "job.1", "a\x00b", "jöb", strings.Repeat("a", 129)} {
		requireViolation(t, checkID(bad), "job_id")
	}
}

func TestCheckCreate(t *testing.T) {
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
		{reqID: strings.Repeat("r", 257), field: "request_id"},
		{reqID: "\xff", field: "request_id"},
	}
	for _, c := range cases {
		err := checkCreate(&jobv1.CreateJobRequest{RequestId: c.reqID, Spec: &jobv1.JobSpec{Labels: c.labels}})
		requireViolation(t, err, c.field)
	}
	ok := &jobv1.CreateJobRequest{RequestId: "retry-7", Spec: &jobv1.JobSpec{Labels: map[string]string{
		"team": "data", "app.kubernetes.io/name": "tds", "run_1": strings.Repeat("é", 100),
	}}}
	if err := checkCreate(ok); err != nil {
		t.Fatalf("valid labels: %v", err)
	}
}
