package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
)

func update(state jobv1.JobState, written, rejected int64) *jobv1.WatchJobResponse {
	return &jobv1.WatchJobResponse{State: state, Progress: &jobv1.Progress{
		Written: written, Accepted: written, Rejected: rejected, Rate: 2.5,
		Rejections: []*evolvev1.Count{{Key: "off_plan", Count: rejected}},
		Usage: &llmv1.Usage{PromptTokens: 9000, CompletionTokens: 3000, LlmCalls: 40, Cost: 0.25, ByRole: map[string]*llmv1.Usage{
			"assistant": {LlmCalls: 10}, "planner": {LlmCalls: 30}}},
	}}
}

// TestProgressLinesWithoutATerminal: to a pipe or a log, progress is one
// line every few seconds (and on a change of state), with counts, rate,
// rejections by reason and the spend; the last figures are written at the
// end even when they came sooner than the interval.
func TestProgressLinesWithoutATerminal(t *testing.T) {
	var out bytes.Buffer
	bar := newProgress(&out, 100, progressAuto)
	clock := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	bar.now = func() time.Time { return clock }
	running := jobv1.JobState_JOB_STATE_RUNNING
	bar.update(update(running, 1, 0)) // first: written
	clock = clock.Add(time.Second)
	bar.update(update(running, 2, 1)) // within the interval: held
	clock = clock.Add(progressLineEvery)
	bar.update(update(running, 10, 3)) // the interval passed: written
	clock = clock.Add(time.Second)
	bar.update(update(running, 11, 4)) // held, then written by done
	bar.done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out.String())
	}
	for _, want := range []string{"10/100", "2.5 rec/s", "rejected 3 (off_plan 3)", "tokens 12k in 40 calls cost 0.2500 (planner 30, assistant 10)"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("line %q lacks %q", lines[1], want)
		}
	}
	if !strings.Contains(lines[2], "11/100") || strings.Contains(out.String(), "\r") || strings.Contains(out.String(), "\x1b[") {
		t.Errorf("last line %q, or terminal control codes in a log:\n%q", lines[2], out.String())
	}
	// A change of state is written at once.
	bar.update(update(jobv1.JobState_JOB_STATE_STOPPED, 11, 4))
	if got := strings.Count(out.String(), "\n"); got != 4 {
		t.Errorf("the stop was not written at once:\n%s", out.String())
	}
}

func TestProgressQuietAndJSON(t *testing.T) {
	var quiet bytes.Buffer
	q := newProgress(&quiet, 10, progressQuiet)
	q.update(update(jobv1.JobState_JOB_STATE_RUNNING, 1, 0))
	q.done()
	if quiet.Len() != 0 {
		t.Errorf("--quiet wrote %q", quiet.String())
	}
	var js bytes.Buffer
	j := newProgress(&js, 10, progressJSON)
	j.update(update(jobv1.JobState_JOB_STATE_RUNNING, 1, 0))
	j.update(update(jobv1.JobState_JOB_STATE_RUNNING, 2, 1))
	j.done()
	lines := strings.Split(strings.TrimSpace(js.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("--json wrote %d lines:\n%s", len(lines), js.String())
	}
	var m struct {
		State    string `json:"state"`
		Progress struct {
			Written string `json:"written"`
			Usage   struct {
				LlmCalls string `json:"llm_calls"`
			} `json:"usage"`
		} `json:"progress"`
	}
	if err := json.Unmarshal([]byte(lines[1]), &m); err != nil {
		t.Fatal(err)
	}
	if m.State != "JOB_STATE_RUNNING" || m.Progress.Written != "2" || m.Progress.Usage.LlmCalls != "40" {
		t.Errorf("--json line %s", lines[1])
	}
}
