package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/platform/config"
)

const jobsUsage = `tds jobs — the jobs of a running suite (tds up).

Usage:
  tds jobs list   [--state running|succeeded|stopped|...] [--json]
  tds jobs get    ID [--json]
  tds jobs watch  ID
  tds jobs cancel ID [--reason TEXT]
  tds jobs resume ID [--max-tokens N] [--max-cost C] [--max-attempts N] [--max-wall-time D] [--no-breaker ...]

resume continues a stopped or cancelled job into its output directory: its
records stay and what it spent counts against the budget given (without
budget flags, the job's own).

Every subcommand takes --server ADDR (default the gateway of tds up,
` + gateway.DefaultListen + `) and --token TOKEN (or TDS_TOKEN).
`

func jobsCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return dispatch(ctx, "jobs", jobsUsage, []subcommand{
		{"list", jobsList},
		{"get", jobsGet},
		{"watch", jobsWatch},
		{"cancel", jobsCancel},
		{"resume", jobsResume},
	}, args, stdout, stderr)
}

// clientCommand parses a client subcommand's flags (positional job id
// allowed anywhere) and returns the positional arguments.
func clientCommand(name, usage string, args []string, stderr io.Writer, declare func(fs *flag.FlagSet)) (*serverFlags, []string, int) {
	fs := newFlagSet(name, usage, stderr)
	var srv serverFlags
	srv.register(fs, gateway.DefaultListen)
	if declare != nil {
		declare(fs)
	}
	pos, err := parseInterspersed(fs, args, func(a []string) error {
		_, err := config.Load(fs, a, config.Options{EnvPrefix: "TDS"})
		return err
	})
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, 0
		}
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return nil, nil, 2
	}
	return &srv, pos, -1
}

func oneJobID(name string, pos []string, stderr io.Writer) (string, bool) {
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "%s: give one job id (tds jobs list shows them)\n", name)
		return "", false
	}
	return pos[0], true
}

func clientFail(name string, err error, stderr io.Writer) int {
	msg, code := errorLine(err)
	fmt.Fprintf(stderr, "%s: %s\n", name, msg)
	return code
}

func jobsList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var state string
	var asJSON bool
	srv, _, code := clientCommand("tds jobs list", jobsUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&state, "state", "", "only jobs in this state: pending, running, succeeded, stopped, cancelled or failed")
		fs.BoolVar(&asJSON, "json", false, "print JSON Lines, one job a line")
	})
	if code >= 0 {
		return code
	}
	var st jobv1.JobState
	if state != "" {
		v, ok := jobv1.JobState_value["JOB_STATE_"+strings.ToUpper(state)]
		if !ok {
			fmt.Fprintf(stderr, "tds jobs list: --state %q is unknown: use pending, running, succeeded, stopped, cancelled or failed\n", state)
			return 2
		}
		st = jobv1.JobState(v)
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds jobs list", err, stderr)
	}
	defer conn.Close()
	var all []*jobv1.Job
	token := ""
	for {
		resp, err := c.ListJobs(ctx, &jobv1.ListJobsRequest{State: st, PageToken: token, PageSize: 500})
		if err != nil {
			return clientFail("tds jobs list", err, stderr)
		}
		all = append(all, resp.GetJobs()...)
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	if asJSON {
		for _, j := range all {
			b, _ := protojson.MarshalOptions{UseProtoNames: true}.Marshal(j)
			fmt.Fprintln(stdout, string(b))
		}
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tRECORDS\tCREATED\tNAME\tOUTPUT")
	for _, j := range all {
		p := j.GetProgress()
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\t%s\t%s\n", j.GetId(), stateWord(j.GetState()), p.GetWritten(), j.GetSpec().GetTargetRecords(),
			j.GetCreatedAt().AsTime().Local().Format(time.DateTime), j.GetSpec().GetName(), j.GetOutputDir())
	}
	_ = tw.Flush()
	return 0
}

func jobsGet(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var asJSON bool
	srv, pos, code := clientCommand("tds jobs get", jobsUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print the job as JSON")
	})
	if code >= 0 {
		return code
	}
	id, ok := oneJobID("tds jobs get", pos, stderr)
	if !ok {
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds jobs get", err, stderr)
	}
	defer conn.Close()
	resp, err := c.GetJob(ctx, &jobv1.GetJobRequest{JobId: id})
	if err != nil {
		return clientFail("tds jobs get", err, stderr)
	}
	j := resp.GetJob()
	if asJSON {
		b, _ := protojson.MarshalOptions{UseProtoNames: true, Multiline: true}.Marshal(j)
		fmt.Fprintln(stdout, string(b))
		return 0
	}
	p := j.GetProgress()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	row := func(k, f string, a ...any) { fmt.Fprintf(tw, "%s\t"+f+"\n", append([]any{k}, a...)...) }
	row("id", "%s", j.GetId())
	row("state", "%s", stateWord(j.GetState()))
	if j.GetReason() != "" {
		row("reason", "%s", j.GetReason())
	}
	if n := j.GetResumes(); n > 0 {
		row("resumed", "%d time(s) after a stop or a cancel; spend and records carried on", n)
	}
	row("records", "%d written, %d accepted, %d rejected, %d in flight, %d dead-lettered (target %d)",
		p.GetWritten(), p.GetAccepted(), p.GetRejected(), p.GetInFlight(), p.GetDeadLettered(), j.GetSpec().GetTargetRecords())
	row("diversity", "H_dom %.3f bits, H_mode %.3f bits, request-level %.3f bits (%.2f requests per record), CAC mean %.2f, p90 %.2f",
		p.GetHDom(), p.GetHMode(), p.GetHRequest(), p.GetRequestsPerRecord(), p.GetCacMean(), p.GetCacP90())
	if st := j.GetStop(); st != nil && st.GetKind() != evolvev1.StopKind_STOP_KIND_TARGET {
		if len(st.GetTopRejections()) > 0 {
			var top []string
			for _, c := range st.GetTopRejections() {
				top = append(top, fmt.Sprintf("%s %d", c.GetKey(), c.GetCount()))
			}
			row("rejections", "%s", strings.Join(top, ", "))
		}
		if st.GetExample() != "" {
			row("example", "%s", st.GetExample())
		}
		if st.GetResume() != "" {
			row("next", "%s", st.GetResume())
		}
	}
	if j.GetDatasetWritten() {
		row("dataset", "written%s", map[bool]string{true: " (partial)", false: ""}[j.GetPartial()])
	}
	u := p.GetUsage()
	tokens := fmt.Sprintf("%d prompt + %d completion in %d calls", u.GetPromptTokens(), u.GetCompletionTokens(), u.GetLlmCalls())
	if u.GetCachedCalls() > 0 {
		tokens += fmt.Sprintf(" (+%d from the cache)", u.GetCachedCalls())
	}
	if u.GetCost() > 0 {
		tokens += fmt.Sprintf(", cost %.4f", u.GetCost())
	}
	row("tokens", "%s", tokens)
	for _, line := range usageByRole(u) {
		row("", "  %s", line)
	}
	if b := j.GetSpec().GetBudget(); b != nil {
		row("budget", "%s", budgetWords(b))
	}
	row("strategy", "%s", strings.ToLower(strings.TrimPrefix(j.GetSpec().GetStrategy().GetStrategy().String(), "STRATEGY_")))
	row("corpus", "%s (clustering %s)", j.GetCorpusId(), j.GetClusteringId())
	row("output", "%s", j.GetOutputDir())
	row("created", "%s", j.GetCreatedAt().AsTime().Local().Format(time.DateTime))
	if j.GetFinishedAt() != nil {
		row("finished", "%s", j.GetFinishedAt().AsTime().Local().Format(time.DateTime))
	}
	_ = tw.Flush()
	return 0
}

func jobsWatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	srv, pos, code := clientCommand("tds jobs watch", jobsUsage, args, stderr, nil)
	if code >= 0 {
		return code
	}
	id, ok := oneJobID("tds jobs watch", pos, stderr)
	if !ok {
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds jobs watch", err, stderr)
	}
	defer conn.Close()
	got, err := c.GetJob(ctx, &jobv1.GetJobRequest{JobId: id})
	if err != nil {
		return clientFail("tds jobs watch", err, stderr)
	}
	bar := newProgressBar(stderr, got.GetJob().GetSpec().GetTargetRecords())
	last, err := watchJob(ctx, c, id, func(m *jobv1.WatchJobResponse) { bar.update(m) })
	bar.done()
	if err != nil {
		if ctx.Err() != nil {
			return 130
		}
		return clientFail("tds jobs watch", err, stderr)
	}
	fmt.Fprintf(stdout, "job %s %s\n", id, stateWord(last.GetState()))
	if last.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		return 1
	}
	return 0
}

func jobsCancel(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var reason string
	srv, pos, code := clientCommand("tds jobs cancel", jobsUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&reason, "reason", "", "why, recorded with the job")
	})
	if code >= 0 {
		return code
	}
	id, ok := oneJobID("tds jobs cancel", pos, stderr)
	if !ok {
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds jobs cancel", err, stderr)
	}
	defer conn.Close()
	resp, err := c.CancelJob(ctx, &jobv1.CancelJobRequest{JobId: id, Reason: reason})
	if err != nil {
		return clientFail("tds jobs cancel", err, stderr)
	}
	fmt.Fprintf(stdout, "job %s %s\n", id, stateWord(resp.GetJob().GetState()))
	return 0
}

func jobsResume(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var budget budgetFlags
	srv, pos, code := clientCommand("tds jobs resume", jobsUsage, args, stderr, budget.register)
	if code >= 0 {
		return code
	}
	id, ok := oneJobID("tds jobs resume", pos, stderr)
	if !ok {
		return 2
	}
	if msg := budget.check(); msg != "" {
		fmt.Fprintf(stderr, "tds jobs resume: %s\n", msg)
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds jobs resume", err, stderr)
	}
	defer conn.Close()
	req := &jobv1.ResumeJobRequest{JobId: id}
	if budget.set() {
		req.Budget = budget.proto()
	}
	resp, err := c.ResumeJob(ctx, req)
	if err != nil {
		return clientFail("tds jobs resume", err, stderr)
	}
	fmt.Fprintf(stdout, "job %s %s (resumed %d time(s); tds jobs watch %s)\n", id, stateWord(resp.GetJob().GetState()), resp.GetJob().GetResumes(), id)
	return 0
}

const exportUsage = `tds export — download a job's dataset file, or lay a dataset out for the Hugging Face Hub.

Usage:
  tds export --job ID [--format jsonl|parquet|sharegpt|rejected|report|card] [--out FILE]
  tds export --hub DIR --dataset SRC
  tds export --hub DIR --job ID

The first form writes one file of a job's dataset (without --out, to
stdout). The --hub forms write DIR (new or empty; nothing is overwritten)
as a Hub dataset repository, the layout datasets' push_to_hub makes:

  DIR/README.md                              the dataset card; its metadata block names the files below
  DIR/data/train-00000-of-00001.parquet      the records, split "train"
  DIR/rejected/train-00000-of-00001.parquet  rejected rollouts, the config "rejected" (when there are any)
  DIR/sharegpt.jsonl, DIR/report.json        beside them, as in the dataset directory

--dataset SRC takes a dataset directory on this host (the --out of tds
synth); --job ID downloads a job's files from the server first. Stopped and
cancelled jobs' datasets are laid out alike (their cards say they are
partial). Nothing is uploaded: then run
  huggingface-cli upload --repo-type dataset USER/NAME DIR .
(the whole directory, card and both configs), or push the records alone
with datasets.load_dataset(DIR).push_to_hub("USER/NAME").

Takes --server and --token like tds jobs (for --job).
`

var exportFormats = map[string]jobv1.DatasetFormat{
	"jsonl": jobv1.DatasetFormat_DATASET_FORMAT_JSONL, "parquet": jobv1.DatasetFormat_DATASET_FORMAT_PARQUET,
	"sharegpt": jobv1.DatasetFormat_DATASET_FORMAT_SHAREGPT, "rejected": jobv1.DatasetFormat_DATASET_FORMAT_REJECTED,
	"report": jobv1.DatasetFormat_DATASET_FORMAT_REPORT, "card": jobv1.DatasetFormat_DATASET_FORMAT_CARD,
}

func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var id, format, out, hub, src string
	srv, pos, code := clientCommand("tds export", exportUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&id, "job", "", "job id")
		fs.StringVar(&format, "format", "jsonl", "jsonl, parquet, sharegpt, rejected, report or card")
		fs.StringVar(&out, "out", "", "file to write; empty writes to stdout")
		fs.StringVar(&hub, "hub", "", "write this directory (new or empty) as a Hugging Face Hub dataset repository, ready for push_to_hub or huggingface-cli upload")
		fs.StringVar(&src, "dataset", "", "with --hub: the dataset directory to lay out (tds synth's --out), instead of --job")
	})
	if code >= 0 {
		return code
	}
	if id == "" && len(pos) == 1 {
		id = pos[0]
	}
	if hub != "" || src != "" {
		return exportHub(ctx, srv, id, src, hub, out, stdout, stderr)
	}
	if id == "" {
		fmt.Fprintln(stderr, "tds export: --job is required (tds jobs list shows the ids)")
		return 2
	}
	f, ok := exportFormats[format]
	if !ok {
		fmt.Fprintf(stderr, "tds export: --format %q is unknown: use jsonl, parquet, sharegpt, rejected, report or card\n", format)
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds export", err, stderr)
	}
	defer conn.Close()
	n, err := export(ctx, c, id, f, out, stdout)
	if err != nil {
		return clientFail("tds export", err, stderr)
	}
	if out != "" {
		fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", out, n)
	}
	return 0
}

// export streams a dataset file to out (atomically) or to w.
func export(ctx context.Context, c jobv1.JobServiceClient, id string, f jobv1.DatasetFormat, out string, w io.Writer) (int64, error) {
	stream, err := c.ExportDataset(ctx, &jobv1.ExportDatasetRequest{JobId: id, Format: f})
	if err != nil {
		return 0, err
	}
	first, err := stream.Recv()
	if err != nil {
		return 0, err
	}
	hdr := first.GetHeader()
	if hdr == nil {
		return 0, errors.New("the gateway sent no header")
	}
	dst := w
	var tmp *os.File
	if out != "" {
		if tmp, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*"); err != nil {
			return 0, err
		}
		defer os.Remove(tmp.Name())
		dst = tmp
	}
	var n int64
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		k, err := dst.Write(msg.GetChunk())
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	if n != hdr.GetSizeBytes() {
		return n, fmt.Errorf("got %d of %d bytes of %s", n, hdr.GetSizeBytes(), hdr.GetFilename())
	}
	if tmp != nil {
		if err := tmp.Chmod(0o644); err != nil { // a dataset file, readable as any other (CreateTemp makes 0600)
			return n, err
		}
		if err := tmp.Sync(); err != nil {
			return n, err
		}
		if err := tmp.Close(); err != nil {
			return n, err
		}
		if err := os.Rename(tmp.Name(), out); err != nil {
			return n, err
		}
	}
	return n, nil
}

const reportUsage = `tds report — a dataset's diversity and realism report.

Usage:
  tds report --job ID [--json] [--check]
  tds report --dataset DIR_OR_FILE [--json] [--check]

Prints the three metrics (H_dom, H_mode, CAC), the uniform baseline, the
histograms and the realism report (platform/realism/README.md defines each
share and its threshold). --job reads a finished job's report.json from the
gateway (takes --server and --token like tds jobs); --dataset measures a
dataset directory's trajectories.jsonl (or the file given) from the records
alone, with no server. --check exits 1 when a realism share misses its
threshold.
`

func reportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var id, datasetPath string
	var asJSON, check bool
	srv, pos, code := clientCommand("tds report", reportUsage, args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&id, "job", "", "job id")
		fs.StringVar(&datasetPath, "dataset", "", "measure this dataset directory (its trajectories.jsonl) or JSON Lines file instead of a job")
		fs.BoolVar(&asJSON, "json", false, "print report.json as it is")
		fs.BoolVar(&check, "check", false, "exit 1 when a realism share misses its threshold")
	})
	if code >= 0 {
		return code
	}
	if datasetPath != "" {
		if id != "" || len(pos) > 0 {
			fmt.Fprintln(stderr, "tds report: give --job or --dataset, not both")
			return 2
		}
		return datasetReport(datasetPath, asJSON, check, stdout, stderr)
	}
	if id == "" && len(pos) == 1 {
		id = pos[0]
	}
	if id == "" {
		fmt.Fprintln(stderr, "tds report: --job or --dataset is required (tds jobs list shows the job ids)")
		return 2
	}
	c, conn, err := srv.dial()
	if err != nil {
		return clientFail("tds report", err, stderr)
	}
	defer conn.Close()
	var buf strings.Builder
	if _, err := export(ctx, c, id, jobv1.DatasetFormat_DATASET_FORMAT_REPORT, "", &buf); err != nil {
		return clientFail("tds report", err, stderr)
	}
	var r evolvev1.Report
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal([]byte(buf.String()), &r); err != nil {
		fmt.Fprintf(stderr, "tds report: the report is not an evolve report: %v\n", err)
		return 1
	}
	if asJSON {
		fmt.Fprint(stdout, buf.String())
	} else {
		printReport(stdout, &r)
	}
	return checkRealism(r.GetRealism(), check, stderr)
}

// printReport prints the three metrics, the uniform baseline when the
// report has one, and the top of the histograms.
func printReport(w io.Writer, r *evolvev1.Report) {
	f := r.GetFinal()
	strategy := strings.ToLower(strings.TrimPrefix(r.GetStrategy().GetStrategy().String(), "STRATEGY_"))
	if r.GetStrategy().GetStrategy() == evolvev1.Strategy_STRATEGY_UNSPECIFIED {
		strategy = "strategy not recorded"
	}
	fmt.Fprintf(w, "job %s (%s)\n", r.GetJobId(), strategy)
	fmt.Fprintf(w, "  records       %d accepted, %d rejected (rejection rate %.3f, near-duplicates %.3f)\n", f.GetAccepted(), f.GetRejected(), r.GetRejectionRate(), r.GetNearDuplicateRate())
	fmt.Fprintf(w, "  H_dom         %.3f bits over %d domains\n", f.GetHDom(), f.GetDistinctDomains())
	fmt.Fprintf(w, "  H_mode        %.3f bits over %d signatures (grammar v%d)\n", f.GetHMode(), f.GetDistinctSignatures(), r.GetSignatureGrammarVersion())
	fmt.Fprintf(w, "  requests      %.3f bits over %d request signatures, %.2f requests per record\n", f.GetHRequest(), f.GetDistinctRequestSignatures(), f.GetRequestsPerRecord())
	fmt.Fprintf(w, "  CAC           mean %.2f, p50 %.2f, p90 %.2f\n", f.GetCacMean(), f.GetCacP50(), f.GetCacP90())
	if u := r.GetUniformBaseline(); u != nil {
		fmt.Fprintf(w, "  uniform       H_dom %.3f over %d domains (uniform sampling of the same clusters at %d records, a seeded dry draw)\n", u.GetHDom(), u.GetDistinctDomains(), u.GetAccepted())
	}
	top := func(title string, cs []*evolvev1.Count) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(w, "  %s:", title)
		for i, c := range cs {
			if i == 8 {
				fmt.Fprintf(w, " … (%d more)", len(cs)-8)
				break
			}
			fmt.Fprintf(w, " %s %d", c.GetKey(), c.GetCount())
		}
		fmt.Fprintln(w)
	}
	top("requests per record", r.GetRequestsPerRecord())
	top("domains", r.GetDomains())
	top("primitives", r.GetPrimitives())
	top("rejections", r.GetRejections())
	printRealism(w, r.GetRealism())
}

// budgetWords is a job's budget in words.
func budgetWords(b *jobv1.Budget) string {
	var parts []string
	if b.GetMaxLlmTokens() > 0 {
		parts = append(parts, fmt.Sprintf("%d tokens", b.GetMaxLlmTokens()))
	}
	if b.GetMaxCost() > 0 {
		parts = append(parts, fmt.Sprintf("cost %g", b.GetMaxCost()))
	}
	if b.GetMaxAttempts() > 0 {
		parts = append(parts, fmt.Sprintf("%d attempts", b.GetMaxAttempts()))
	}
	if b.GetMaxRecords() > 0 {
		parts = append(parts, fmt.Sprintf("%d records", b.GetMaxRecords()))
	}
	if d := b.GetMaxWallTime().AsDuration(); d > 0 {
		parts = append(parts, d.String())
	}
	if b.GetBreaker().GetDisabled() {
		parts = append(parts, "breaker off")
	} else {
		parts = append(parts, "breaker on")
	}
	return strings.Join(parts, ", ")
}
