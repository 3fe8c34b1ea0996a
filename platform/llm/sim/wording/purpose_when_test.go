package wording

import "testing"

// A description that opens with when to call the operation ("Once an
// async_job_id is returned from members/add, use this to poll …") says
// what it does after the comma: the request is "poll the status …", never
// "once an async_job_id is for async job ID JOB-38682".
func TestPurposeAfterALeadingWhen(t *testing.T) {
	for d, want := range map[string]string{
		"Once an async_job_id is returned from members/add , use this to poll the status of the asynchronous request.": "poll the status of the asynchronous request",
		"After a report is queued, fetch its rows.": "fetch its rows",
	} {
		if got := fromDescription(d); got != want {
			t.Errorf("fromDescription(%q) = %q, want %q", d, got, want)
		}
	}
}
