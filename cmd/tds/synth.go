package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/dirlock"
	"github.com/tdscaling/tdscaling/platform/llm"
)

const synthUsage = `tds synth — synthesise a dataset of verified tool-use trajectories and exit.

Usage:
  tds synth --corpus FILE... -n N --out DIR [--strategy tdscaling|uniform] [--seed S]
            [--max-tokens N] [--max-cost C] [--max-attempts N] [--max-wall-time D]
            [--quiet | --json] [--dashboard] [--config FILE] [--server ADDR]

Without --server it starts the whole suite in this process (embedded NATS,
the built-in "sim" model provider unless configured, free ports, state under
DIR/.tds, the services' log in DIR/.tds/tds.log), shows progress, writes the
dataset into DIR and exits. Ctrl-C stops; running the same command again
resumes. Once the dataset is final, DIR/.tds may be removed. A second tds synth on
the same DIR is refused with the process that holds it, and files in DIR
that no job wrote (a README.md of your own) are never overwritten: the run
is refused, naming them. With --server it runs the job on a running suite
(tds up): the corpus files are uploaded from here, and DIR (made absolute
here) must be a directory on that host beneath its --export.roots.

--dashboard serves the web dashboard while the job runs and prints its
address (the job's page): progress, curves, rejections and every record.

--config FILE configures the embedded services like tds up does (e.g. a real
model: agent.llm.assistant.provider: openai, .base_url, .model, .price.*).

Every job is bounded: by default after 10 attempts per record + 100, and by a
breaker that stops it when more than 90% of the last 100 rollouts failed or the
last 25 failed the same way. A stopped job keeps the records it accepted (a
partial dataset, marked so in its card) and says why, with the rejections,
one example and its spend; the exit status is then 1. Running into the same
DIR again (same -n, --seed, --strategy) continues that job: its records
stay, what it spent counts against the budget flags of the new run, and the
breaker and --max-wall-time start afresh.
`

type synthFlags struct {
	corpora  listFlag
	n        int64
	out      string
	strategy string
	seed     int64
	name     string
	codeTool float64
	window   int
	maxReqs  int
	srv      serverFlags
	proc     app.ProcessFlags
	budget   budgetFlags
	quiet    bool
	json     bool
	// dashboard serves the web dashboard of the embedded suite; its address
	// (the job's page) is printed once the job exists.
	dashboard    bool
	dashboardURL string
}

func synthCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("tds synth", synthUsage, stderr)
	var f synthFlags
	fs.Var(&f.corpora, "corpus", "tool corpus file(s): MCP tools/list, OpenAI tools, OpenAPI or TDScaling JSONL (repeat, or list after the flag)")
	fs.Int64Var(&f.n, "n", 0, "accepted records to generate")
	fs.StringVar(&f.out, "out", "", "dataset directory (created; a re-run with the same directory resumes)")
	fs.StringVar(&f.strategy, "strategy", "tdscaling", "tdscaling (steer toward what the dataset lacks) or uniform (the quantity-scaling baseline)")
	fs.Int64Var(&f.seed, "seed", 1, "seed from which every task's seed derives: task i gets the same plan and rollout for the same target in every\nrun, but the targets the steering picks depend on the order results arrive, so two runs match in their figures, not record by record")
	fs.StringVar(&f.name, "name", "", "dataset name for the dataset card (default: the --out directory's name)")
	fs.Float64Var(&f.codeTool, "code-share", -1, "share of trajectories with a code-tool step, 0 to 1; -1 means the default, 1/6")
	fs.IntVar(&f.window, "window", 0, "rollout tasks kept in flight (default: the evolve service's)")
	fs.IntVar(&f.maxReqs, "max-requests", 0, "most user requests one record may hold (follow-ups, not replies to a clarification); 0 means the default, 3")
	f.budget.register(fs)
	fs.BoolVar(&f.quiet, "quiet", false, "no progress; only the summary (or why the job stopped)")
	fs.BoolVar(&f.dashboard, "dashboard", false, "serve the web dashboard while the job runs and print its address (with --server: the server's own, see tds up)")
	fs.BoolVar(&f.json, "json", false, "progress as JSON lines on stdout (tdscaling.job.v1.WatchJobResponse), then the job as JSON")
	f.srv.register(fs, "")
	f.proc.Register(fs, "")
	svcs := allServices()
	for _, s := range svcs {
		registerPrefixed(fs, s)
	}
	// The help is printed when asked for; a mistyped flag gets one line
	// naming the nearest flag, not the help.
	help := wantsHelp(args)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		if help {
			synthHelp(fs, svcs, stderr)
		}
	}
	opts := config.Options{EnvPrefix: "TDS"}
	loaded, err := config.Load(fs, expandListFlag(args, "corpus"), opts)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "tds synth: %v%s\n", err, flagHint(fs, "tds synth", err))
		return 2
	}
	for _, a := range fs.Args() {
		f.corpora = append(f.corpora, a)
	}
	if msg := f.check(); msg != "" {
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return 2
	}
	if f.srv.addr != "" {
		return f.runOn(ctx, f.srv, stdout, stderr)
	}
	return f.runEmbedded(ctx, fs, svcs, loaded, stdout, stderr)
}

// synthHelp prints synth's own flags; the embedded services' flags, the same
// as tds up's, are summarised by prefix rather than listed one by one.
func synthHelp(fs *flag.FlagSet, svcs []app.Service, w io.Writer) {
	fmt.Fprint(w, synthUsage)
	fmt.Fprintln(w, "\nFlags:")
	own := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	own.SetOutput(w)
	var prefixes []string
	for _, s := range svcs {
		prefixes = append(prefixes, "--"+s.Name()+".*")
	}
	fs.VisitAll(func(f *flag.Flag) {
		for _, s := range svcs {
			if strings.HasPrefix(f.Name, s.Name()+".") {
				return
			}
		}
		own.Var(f.Value, f.Name, f.Usage)
	})
	own.PrintDefaults()
	fmt.Fprintf(w, "\nThe embedded services take the flags of tds up under their names\n(%s),\n"+
		"e.g. --agent.llm.assistant.base_url or --sandbox.slots; tds up --help lists them all.\n", strings.Join(prefixes, ", "))
}

// expandListFlag rewrites "--name A B C" as "--name A --name B --name C", so
// a list flag takes every value up to the next flag.
func expandListFlag(args []string, name string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		out = append(out, args[i])
		if args[i] == "--" {
			return append(out, args[i+1:]...)
		}
		flagArg := args[i]
		if flagArg != "-"+name && flagArg != "--"+name {
			continue
		}
		if i+1 < len(args) {
			out = append(out, args[i+1])
			i++
		}
		for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			out = append(out, flagArg, args[i+1])
			i++
		}
	}
	return out
}

// check validates what can be checked before anything starts, so bad input
// fails fast and leaves nothing behind.
func (f *synthFlags) check() string {
	switch {
	case len(f.corpora) == 0:
		return "--corpus is required: give one or more tool corpus files (e.g. --corpus examples/corpora/bfcl-multiturn.jsonl)"
	case f.n <= 0:
		return fmt.Sprintf("-n must be at least 1 (the number of records to generate), got %d", f.n)
	case f.out == "":
		return "--out is required: the directory the dataset is written to"
	case f.strategy != "tdscaling" && f.strategy != "uniform":
		return fmt.Sprintf("--strategy %q is unknown: use tdscaling or uniform", f.strategy)
	case f.codeTool != -1 && (f.codeTool < 0 || f.codeTool > 1):
		return fmt.Sprintf("--code-share must be a fraction in [0, 1], got %g", f.codeTool)
	case f.maxReqs < 0:
		return fmt.Sprintf("--max-requests must be at least 1, or 0 for the default, got %d", f.maxReqs)
	case f.quiet && f.json:
		return "--quiet and --json exclude each other"
	}
	if msg := f.budget.check(); msg != "" {
		return msg
	}
	// The corpus files are read here: by the embedded suite, or to be uploaded
	// to the server.
	for i, p := range f.corpora {
		abs, err := filepath.Abs(p)
		if err != nil {
			return fmt.Sprintf("--corpus %s: %v", p, err)
		}
		fi, err := os.Stat(abs)
		switch {
		case err != nil:
			return fmt.Sprintf("--corpus %s: cannot read it (%v): check the path", p, unwrapPathErr(err))
		case fi.IsDir():
			return fmt.Sprintf("--corpus %s is a directory: give the corpus file(s) in it", p)
		case fi.Size() == 0:
			return fmt.Sprintf("--corpus %s is empty: give a file with tool definitions", p)
		}
		fh, err := os.Open(abs)
		if err != nil {
			return fmt.Sprintf("--corpus %s: cannot read it (%v): check its permissions", p, unwrapPathErr(err))
		}
		_ = fh.Close()
		f.corpora[i] = abs
	}
	out, err := filepath.Abs(f.out)
	if err != nil {
		return fmt.Sprintf("--out %s: %v", f.out, err)
	}
	f.out = out
	if f.srv.addr != "" {
		return "" // the directory is on the server's host, beneath its export roots
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Sprintf("--out %s is a file: give a directory", f.out)
	}
	if msg := writableDir(out); msg != "" {
		return msg
	}
	return ""
}

// writableDir says why dir (or the nearest existing parent) cannot be written, or "".
func writableDir(dir string) string {
	d := dir
	for {
		if _, err := os.Stat(d); err == nil {
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	probe, err := os.CreateTemp(d, ".tds-write-probe-*")
	if err != nil {
		return fmt.Sprintf("--out %s is not writable (%v): choose a directory you can write", dir, unwrapPathErr(err))
	}
	_ = probe.Close()
	_ = os.Remove(probe.Name())
	return ""
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (f *synthFlags) spec() *jobv1.JobSpec {
	st := evolvev1.Strategy_STRATEGY_TDSCALING
	if f.strategy == "uniform" {
		st = evolvev1.Strategy_STRATEGY_UNIFORM
	}
	name := f.name
	if name == "" {
		name = filepath.Base(f.out)
	}
	spec := &jobv1.JobSpec{
		Name:          name,
		Corpus:        &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: f.corpora[0]}, ExtraPaths: f.corpora[1:]},
		TargetRecords: f.n,
		Strategy:      &evolvev1.StrategySpec{Strategy: st, Window: int32(f.window), MaxRequestsPerRecord: int32(f.maxReqs)},
		Seed:          f.seed,
		OutputDir:     f.out,
		Labels:        map[string]string{"created_by": "tds synth"},
		Budget:        f.budget.proto(),
	}
	if f.codeTool >= 0 {
		spec.CodeToolShare = &f.codeTool
	}
	return spec
}

// requestID makes a re-run of the same command find its job again.
func (f *synthFlags) requestID() string {
	key := []any{"synth/v1", f.corpora, f.n, f.out, f.strategy, f.seed, f.codeTool, f.window}
	if f.maxReqs != 0 { // appended only when set, so earlier jobs keep their ids
		key = append(key, f.maxReqs)
	}
	if f.budget.set() {
		key = append(key, fmt.Sprintf("%+v", f.budget))
	}
	b, _ := json.Marshal(key)
	sum := sha256.Sum256(b)
	return "synth-" + hex.EncodeToString(sum[:16])
}

// runEmbedded starts the suite in this process with its state under
// DIR/.tds, runs the job and stops the suite.
func (f *synthFlags) runEmbedded(ctx context.Context, fs *flag.FlagSet, svcs []app.Service, loaded *config.Loaded, stdout, stderr io.Writer) int {
	if msg := probeModelServers(ctx, svcs, loaded); msg != "" {
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return 2
	}
	_, statErr := os.Stat(f.out)
	createdOut := os.IsNotExist(statErr)
	stateDir := filepath.Join(f.out, ".tds")
	_, statErr = os.Stat(stateDir)
	createdState := os.IsNotExist(statErr)
	cleanup := func() {
		switch {
		case createdOut:
			_ = os.RemoveAll(f.out)
		case createdState:
			_ = os.RemoveAll(stateDir)
		}
	}
	// Defaults that keep the embedded suite apart from a running tds up and
	// make a re-run cheap, unless the configuration says otherwise.
	setDefault := func(key, value string) {
		if loaded.Source(key) == "default" {
			_ = fs.Set(key, value)
		}
	}
	if f.dashboard {
		setDefault("gateway.http.listen", "127.0.0.1:0")
	} else {
		setDefault("gateway.http.listen", "")
	}
	setDefault("gateway.data_dir", stateDir)
	setDefault("sandbox.host_id_base", "600000")
	// A job that will run code starts the sandbox's fork servers while this
	// process is small (later each start forks it whole); one that runs no
	// code starts none.
	setDefault("sandbox.prestart", strconv.FormatBool(f.codeTool != 0))
	setDefault("agent.llm.cache_dir", filepath.Join(stateDir, "llm-cache"))
	setDefault("blueprint.llm.cache_dir", filepath.Join(stateDir, "llm-cache"))

	// The embedded gateway reads the corpus files where they are and writes
	// the dataset into DIR, and nowhere else.
	var corpusDirs []string
	for _, c := range f.corpora {
		if d := filepath.Dir(c); !slices.Contains(corpusDirs, d) {
			corpusDirs = append(corpusDirs, d)
		}
	}
	setDefault("gateway.corpus.roots", strings.Join(corpusDirs, ","))
	setDefault("gateway.export.roots", f.out)

	// The services log to DIR/.tds/tds.log; the terminal shows the progress.
	if err := os.MkdirAll(stateDir, 0o750); err != nil {
		cleanup()
		fmt.Fprintf(stderr, "tds synth: --out %s: %v\n", f.out, unwrapPathErr(err))
		return 2
	}
	// One writer per directory, and never over someone else's files. The
	// embedded gateway shares this process's lock.
	// A directory whose suite state an earlier tds synth left is that run's,
	// files and all (it may predate the lock file).
	claim := dirlock.Claim
	if !createdState {
		claim = func(dir string, _ []string) (*dirlock.Lock, error) { return dirlock.Acquire(dir) }
	}
	lock, err := claim(f.out, gateway.DatasetNames())
	if err != nil {
		cleanup()
		var held *dirlock.HeldError
		if errors.As(err, &held) {
			fmt.Fprintf(stderr, "tds synth: --out %v: wait for it to finish or stop it, or choose another directory\n", err)
		} else {
			fmt.Fprintf(stderr, "tds synth: --out %v: move them away or choose another directory\n", err)
		}
		return 2
	}
	defer lock.Release()
	logPath := filepath.Join(stateDir, "tds.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		cleanup()
		fmt.Fprintf(stderr, "tds synth: --out %s: %v\n", f.out, unwrapPathErr(err))
		return 2
	}
	defer logFile.Close()
	uf := upFlags{proc: f.proc, dataDir: stateDir, host: "127.0.0.1", basePort: 0}
	diskFull := newDiskFullWatch(f.proc.Logger(logFile).Handler())
	log := slog.New(diskFull)
	suiteCtx, stopSuite := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSuite()
	ready := make(chan Endpoints, 1)
	suiteDone := make(chan error, 1)
	go func() { suiteDone <- up(suiteCtx, uf, svcs, loaded, log, io.Discard, func(e Endpoints) { ready <- e }) }()
	stop := func() {
		stopSuite()
		if err := <-suiteDone; err != nil {
			log.Warn("the embedded suite stopped with an error", "err", err)
		}
	}
	var ep Endpoints
	select {
	case ep = <-ready:
	case err := <-suiteDone:
		fmt.Fprintf(stderr, "tds synth: the embedded suite did not start: %v (log: %s)\n", err, logPath)
		return 1
	case <-ctx.Done():
		stop()
		cleanup()
		return 130
	}
	if h, ok := ep["gateway http"]; ok && f.dashboard {
		f.dashboardURL = dashboardURL(h)
	}
	code := f.run(ctx, serverFlags{addr: ep["gateway"]}, stdout, stderr, diskFull.Full(), cleanup)
	if code == 0 {
		// The job is done and its dataset written: rollouts still in flight
		// (issued before the target was reached) would only be dropped.
		for _, s := range svcs {
			if a, ok := s.(interface{ Abandon() }); ok {
				a.Abandon()
			}
		}
	}
	stop()
	switch code {
	case 0:
		// With --json, stdout ends with the job, for scripts.
		w := stdout
		if f.json {
			w = stderr
		}
		fmt.Fprintf(w, "  suite state: %s (%s, kept for re-runs of this command; safe to remove)\n", stateDir, humanSize(dirSize(stateDir)))
	case 1:
		fmt.Fprintf(stderr, "tds synth: the services' log is %s\n", logPath)
	}
	return code
}

// dirSize is the size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
}

// modelServers is a service that calls OpenAI-compatible servers: it maps
// the flag of each (relative to the service's flags) to its base URL.
type modelServers interface{ ModelServers() map[string]string }

// probeModelServers checks that every OpenAI-compatible server a service of
// the suite is configured to call answers, before anything starts.
func probeModelServers(ctx context.Context, svcs []app.Service, loaded *config.Loaded) string {
	client := &http.Client{Timeout: 5 * time.Second}
	for _, s := range svcs {
		ms, ok := s.(modelServers)
		if !ok {
			continue
		}
		servers := ms.ModelServers()
		for _, flag := range slices.Sorted(maps.Keys(servers)) {
			if llm.Probe(ctx, client, servers[flag]) != nil {
				key := s.Name() + "." + flag
				return fmt.Sprintf("cannot reach the model server %q set by %s (from %s): start it or fix the address",
					servers[flag], key, loaded.Source(key))
			}
		}
	}
	return ""
}

// runOn runs the job on a running gateway.
func (f *synthFlags) runOn(ctx context.Context, srv serverFlags, stdout, stderr io.Writer) int {
	return f.run(ctx, srv, stdout, stderr, nil, func() {})
}

// run creates the job on srv and follows it to the end. diskFull, set for
// the embedded suite, reports the first error of a full disk; the job is
// then stopped with what to free and how to resume.
func (f *synthFlags) run(ctx context.Context, srv serverFlags, stdout, stderr io.Writer, diskFull <-chan string, cleanup func()) int {
	embedded := diskFull != nil
	c, conn, err := srv.dial()
	if err != nil {
		fmt.Fprintf(stderr, "tds synth: %v\n", err)
		return 1
	}
	defer conn.Close()
	start := time.Now()
	job, continued, code := f.jobToFollow(ctx, c, embedded, stderr, cleanup)
	if code != 0 {
		return code
	}
	f.announce(job, continued, start, srv, stderr)
	last, sign, full, err := f.follow(ctx, c, job, diskFull, stdout, stderr)
	if full {
		fmt.Fprintln(stderr, diskFullMessage(f.out, sign, last.GetProgress().GetWritten(), f.n))
		return 1
	}
	if err != nil {
		return f.watchEnded(ctx, err, job, last, srv, embedded, stderr)
	}
	return f.finish(ctx, c, job, last, start, stdout, stderr)
}

// jobToFollow continues the stopped job of --out, or creates the job (on a
// server, with the corpus uploaded first); continued says --out held a
// stopped job. A code > 0 says it did neither, and why went to stderr.
func (f *synthFlags) jobToFollow(ctx context.Context, c jobv1.JobServiceClient, embedded bool, stderr io.Writer, cleanup func()) (job *jobv1.Job, continued bool, code int) {
	stopped, err := stoppedJobOf(ctx, c, f.out)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, 130
		}
		msg, code := errorLine(err)
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return nil, false, code
	}
	if stopped != nil {
		if job, code = f.continueJob(ctx, c, stopped, stderr); code != 0 || job != nil {
			return job, true, code
		}
	}
	job, code = f.createJob(ctx, c, embedded, stderr, cleanup)
	return job, stopped != nil, code
}

// createJob creates the job of the flags, or says why it cannot (code > 0).
func (f *synthFlags) createJob(ctx context.Context, c jobv1.JobServiceClient, embedded bool, stderr io.Writer, cleanup func()) (*jobv1.Job, int) {
	spec := f.spec()
	if !embedded {
		spec.OutputDir = f.out
		// The server reads no file of this host: the corpus goes up.
		id, err := uploadCorpora(ctx, c, f.corpora)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 130
			}
			msg, code := errorLine(err)
			fmt.Fprintf(stderr, "tds synth: --corpus: %s\n", msg)
			return nil, code
		}
		spec.Corpus = &jobv1.CorpusRef{Source: &jobv1.CorpusRef_CorpusId{CorpusId: id}}
	}
	resp, err := c.CreateJob(ctx, &jobv1.CreateJobRequest{Spec: spec, RequestId: f.requestID()})
	if err != nil {
		if ctx.Err() != nil {
			cleanup()
			return nil, 130
		}
		msg, code := errorLine(err)
		if code == 2 {
			cleanup()
		}
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return nil, code
	}
	job := resp.GetJob()
	if line := skippedLine(job); line != "" {
		fmt.Fprintf(stderr, "%s\n", line)
	}
	return job, 0
}

// announce says where the job is on the dashboard, and that a job already
// under way (not a continued stopped one) resumes: one with records written,
// or created before this command started (a second's margin for the
// clocks of a remote gateway) — on a busy machine a resumed job's count of
// records may not be restored yet when it is found.
func (f *synthFlags) announce(job *jobv1.Job, continued bool, start time.Time, srv serverFlags, stderr io.Writer) {
	switch {
	case f.dashboardURL != "":
		fmt.Fprintf(stderr, "dashboard: %s#/jobs/%s (while this command runs)\n", f.dashboardURL, job.GetId())
	case f.dashboard:
		fmt.Fprintf(stderr, "dashboard: job %s is on the dashboard of %s (the address tds up printed, #/jobs/%s)\n", job.GetId(), srv.addr, job.GetId())
	}
	p := job.GetProgress()
	older := job.GetCreatedAt().AsTime().Before(start.Add(-time.Second))
	if continued || isTerminal(job.GetState()) || p.GetWritten() == 0 && !older {
		return
	}
	if p.GetWritten() > 0 {
		fmt.Fprintf(stderr, "resuming job %s: %d of %d records already written\n", job.GetId(), p.GetWritten(), p.GetTarget())
	} else {
		fmt.Fprintf(stderr, "resuming job %s: counting the records already written\n", job.GetId())
	}
}

// follow shows the job's progress until it ends, ctx is done or the disk
// fills up (full, with the sign diskFull reported).
func (f *synthFlags) follow(ctx context.Context, c jobv1.JobServiceClient, job *jobv1.Job, diskFull <-chan string, stdout, stderr io.Writer) (last *jobv1.WatchJobResponse, sign string, full bool, err error) {
	mode, progressOut := progressAuto, stderr
	switch {
	case f.quiet:
		mode = progressQuiet
	case f.json:
		mode, progressOut = progressJSON, stdout
	}
	bar := newProgress(progressOut, f.n, mode)
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	fullCh := make(chan string, 1)
	go func() {
		select {
		case sign := <-diskFull:
			fullCh <- sign
			stopWatch()
		case <-watchCtx.Done():
		}
	}()
	last, err = watchJob(watchCtx, c, job.GetId(), func(m *jobv1.WatchJobResponse) { bar.update(m) })
	bar.done()
	select {
	case sign := <-fullCh:
		return last, sign, true, err
	default:
	}
	return last, "", false, err
}

// watchEnded says why following the job ended before the job did: the
// command was interrupted (the job is kept, to resume or still running on
// the server), or the watch failed.
func (f *synthFlags) watchEnded(ctx context.Context, err error, job *jobv1.Job, last *jobv1.WatchJobResponse, srv serverFlags, embedded bool, stderr io.Writer) int {
	if ctx.Err() == nil {
		msg, code := errorLine(err)
		fmt.Fprintf(stderr, "tds synth: job %s: %s\n", job.GetId(), msg)
		return code
	}
	if embedded {
		fmt.Fprintf(stderr, "tds synth: stopped with %d of %d records kept in %s; run the same command again to resume\n", last.GetProgress().GetWritten(), f.n, f.out)
	} else {
		fmt.Fprintf(stderr, "tds synth: detached; job %s keeps running on %s (tds jobs watch %s, tds jobs cancel %s)\n", job.GetId(), srv.addr, job.GetId(), job.GetId())
	}
	return 130
}

// finish reports the ended job: the summary (or the job as JSON) when it
// succeeded; what it kept and why it stopped when it stopped or was
// cancelled (exit code 1); why it failed.
func (f *synthFlags) finish(ctx context.Context, c jobv1.JobServiceClient, job *jobv1.Job, last *jobv1.WatchJobResponse, start time.Time, stdout, stderr io.Writer) int {
	got, gerr := c.GetJob(ctx, &jobv1.GetJobRequest{JobId: job.GetId()})
	switch last.GetState() {
	case jobv1.JobState_JOB_STATE_SUCCEEDED:
	case jobv1.JobState_JOB_STATE_STOPPED, jobv1.JobState_JOB_STATE_CANCELLED:
		if gerr != nil {
			fmt.Fprintf(stderr, "tds synth: job %s %s\n", job.GetId(), stateWord(last.GetState()))
			return 1
		}
		if f.json {
			printJobJSON(stdout, got.GetJob())
		} else if got.GetJob().GetDatasetWritten() {
			printSummary(stdout, got.GetJob(), time.Since(start))
		}
		printStop(stderr, got.GetJob())
		return 1
	default:
		reason := ""
		if gerr == nil {
			reason = got.GetJob().GetReason()
		}
		fmt.Fprintf(stderr, "tds synth: job %s %s: %s\n", job.GetId(), stateWord(last.GetState()), reason)
		return 1
	}
	if gerr != nil {
		msg, code := errorLine(gerr)
		fmt.Fprintf(stderr, "tds synth: %s\n", msg)
		return code
	}
	if f.json {
		printJobJSON(stdout, got.GetJob())
		return 0
	}
	printSummary(stdout, got.GetJob(), time.Since(start))
	return 0
}

// printJobJSON writes the job as one JSON line, for scripts.
func printJobJSON(w io.Writer, job *jobv1.Job) {
	b, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(job)
	if err == nil {
		fmt.Fprintln(w, string(b))
	}
}

func printSummary(w io.Writer, job *jobv1.Job, took time.Duration) {
	p := job.GetProgress()
	fmt.Fprintf(w, "%d records in %s → %s\n", p.GetWritten(), took.Round(100*time.Millisecond), job.GetOutputDir())
	fmt.Fprintf(w, "  H_dom %.2f bits · H_mode %.2f bits · request-level %.2f bits, %.2f requests per record · CAC mean %.2f (p90 %.2f) · rejected %d · near-duplicates %.2f%%\n",
		p.GetHDom(), p.GetHMode(), p.GetHRequest(), p.GetRequestsPerRecord(), p.GetCacMean(), p.GetCacP90(), p.GetRejected(), 100*p.GetNearDuplicateRate())
	var files []string
	entries, _ := os.ReadDir(job.GetOutputDir())
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, e.Name())
		}
	}
	if len(files) > 0 {
		fmt.Fprintf(w, "  files: %s\n", strings.Join(files, ", "))
	}
	if line := realismSummary(job.GetOutputDir()); line != "" {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if line := skippedLine(job); line != "" {
		fmt.Fprintf(w, "  %s\n", line)
	}
	if u := usageShort(p.GetUsage()); u != "" {
		fmt.Fprintf(w, "  model usage: %s\n", u)
		for _, line := range usageByRole(p.GetUsage()) {
			fmt.Fprintf(w, "    %s\n", line)
		}
	}
	if job.GetPartial() {
		fmt.Fprintf(w, "  partial: %d of the %d records asked for\n", p.GetWritten(), job.GetSpec().GetTargetRecords())
	}
	if job.GetReason() != "" && job.GetState() == jobv1.JobState_JOB_STATE_SUCCEEDED {
		fmt.Fprintf(w, "  stopped because: %s\n", job.GetReason())
	}
}
