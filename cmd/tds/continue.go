package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
)

// A tds synth run into a directory whose last job stopped short of its
// target (a budget, the breaker, a cancel) continues that job rather than
// refusing the directory: the records kept stay, what the job spent counts
// against the budget the command gives, and the breaker and the wall time
// start afresh. Running the same command again is how a stop caused by
// Ctrl-C or a crash resumes too, so one habit covers every interruption.

// stoppedJobOf returns the newest job writing into out when it stopped or
// was cancelled with a partial dataset, else nil.
func stoppedJobOf(ctx context.Context, c jobv1.JobServiceClient, out string) (*jobv1.Job, error) {
	var newest *jobv1.Job
	token := ""
	for {
		resp, err := c.ListJobs(ctx, &jobv1.ListJobsRequest{PageToken: token, PageSize: 500})
		if err != nil {
			return nil, err
		}
		for _, j := range resp.GetJobs() {
			if j.GetOutputDir() == out && (newest == nil || j.GetCreatedAt().AsTime().After(newest.GetCreatedAt().AsTime())) {
				newest = j
			}
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	switch newest.GetState() {
	case jobv1.JobState_JOB_STATE_STOPPED, jobv1.JobState_JOB_STATE_CANCELLED:
		if newest.GetDatasetWritten() && newest.GetPartial() {
			return newest, nil
		}
	}
	return nil, nil
}

// sameDataset says what differs between the stopped job and this command
// ("" when nothing that shapes the dataset does): the target, the seed, the
// strategy and the corpus files.
func (f *synthFlags) sameDataset(job *jobv1.Job) string {
	spec := job.GetSpec()
	var diff []string
	if spec.GetTargetRecords() != f.n {
		diff = append(diff, fmt.Sprintf("-n %d", spec.GetTargetRecords()))
	}
	if spec.GetSeed() != f.seed {
		diff = append(diff, fmt.Sprintf("--seed %d", spec.GetSeed()))
	}
	if got := strings.ToLower(strings.TrimPrefix(spec.GetStrategy().GetStrategy().String(), "STRATEGY_")); got != f.strategy && got != "unspecified" {
		diff = append(diff, "--strategy "+got)
	}
	// The embedded suite names the corpus files by path; a server's job has
	// the uploaded corpus's id, which a new upload does not repeat.
	if path := spec.GetCorpus().GetPath(); path != "" {
		if got := append([]string{path}, spec.GetCorpus().GetExtraPaths()...); !slices.Equal(got, f.corpora) {
			diff = append(diff, "--corpus "+strings.Join(got, " "))
		}
	}
	return strings.Join(diff, ", ")
}

// spentAlready says which limit of budget the job has spent already, with
// what to give instead ("" when none is).
func spentAlready(job *jobv1.Job, b *jobv1.Budget) string {
	p := job.GetProgress()
	u := p.GetUsage()
	tokens := u.GetPromptTokens() + u.GetCompletionTokens()
	attempts := p.GetAccepted() + p.GetRejected() + p.GetDeadLettered()
	switch {
	case b.GetMaxLlmTokens() > 0 && tokens >= b.GetMaxLlmTokens():
		return fmt.Sprintf("--max-tokens %d is spent already (the job used %d tokens): give a larger --max-tokens to continue it; it counts what the job spent", b.GetMaxLlmTokens(), tokens)
	case b.GetMaxCost() > 0 && u.GetCost() >= b.GetMaxCost():
		return fmt.Sprintf("--max-cost %g is spent already (the job spent %.4f): give a larger --max-cost to continue it; it counts what the job spent", b.GetMaxCost(), u.GetCost())
	case b.GetMaxAttempts() > 0 && attempts >= b.GetMaxAttempts():
		return fmt.Sprintf("--max-attempts %d is spent already (the job made %d): give a larger --max-attempts to continue it, or leave it out (10 per missing record + 100 more)", b.GetMaxAttempts(), attempts)
	}
	return ""
}

// continueJob resumes the stopped job of f.out, or says why it does not
// (code > 0).
func (f *synthFlags) continueJob(ctx context.Context, c jobv1.JobServiceClient, job *jobv1.Job, stderr io.Writer) (*jobv1.Job, int) {
	what := stateWord(job.GetState())
	why := firstNonEmpty(job.GetStop().GetReason(), job.GetReason())
	if d := f.sameDataset(job); d != "" {
		fmt.Fprintf(stderr, "tds synth: --out %s holds the partial dataset of job %s (%s: %s), made with %s: run with those to continue it, or choose another directory\n",
			f.out, job.GetId(), what, why, d)
		return nil, 2
	}
	budget := f.budget.proto()
	if msg := spentAlready(job, budget); msg != "" {
		printStop(stderr, job)
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return nil, 1
	}
	resp, err := c.ResumeJob(ctx, &jobv1.ResumeJobRequest{JobId: job.GetId(), Budget: budget})
	if err != nil {
		msg, code := errorLine(err)
		fmt.Fprintf(stderr, "tds synth: continue job %s: %s\n", job.GetId(), msg)
		return nil, code
	}
	fmt.Fprintf(stderr, "continuing job %s (%s: %s): %d of %d records kept", job.GetId(), what, why, job.GetProgress().GetWritten(), f.n)
	if s := usageShort(job.GetProgress().GetUsage()); s != "" {
		fmt.Fprintf(stderr, ", spent so far: %s", s)
	}
	fmt.Fprintln(stderr)
	return resp.GetJob(), 0
}
