// Package executor turns sandbox requests into runs: it validates them,
// bounds how many run at once, queues within the caller's deadline, runs each
// in a fresh jail, and reports the outcome, keeping what the program did
// apart from failures of the sandbox itself.
package executor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"sort"
	"sync/atomic"
	"syscall"
	"time"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"
	"github.com/tdscaling/tdscaling/platform/apierr"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/jail"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/runtimes"
)

// Runner runs one spec in a fresh sandbox (a *jail.Jail, or a warm pool).
type Runner interface {
	Run(ctx context.Context, spec jail.Spec) (*jail.Result, error)
}

// Config of an executor.
type Config struct {
	// Slots is how many runs may execute at once.
	Slots int
	// MaxQueue is how many requests may wait for a slot; more are refused
	// with ResourceExhausted.
	MaxQueue int
	// Isolation is reported with every response.
	Isolation string
	Logger    *slog.Logger
}

// Executor executes requests.
type Executor struct {
	cfg      Config
	cold     Runner
	warm     map[sandboxv1.Language]Runner
	runtimes map[sandboxv1.Language]runtimes.Runtime
	slots    chan struct{}
	waiting  atomic.Int64
	observe  func(sandboxv1.Language, sandboxv1.Status, time.Duration)
}

// New returns an executor running on cold, with warm runners per language
// where there are any.
func New(cfg Config, rts map[sandboxv1.Language]runtimes.Runtime, cold Runner, warm map[sandboxv1.Language]Runner) *Executor {
	if cfg.Slots <= 0 {
		cfg.Slots = 1
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Executor{cfg: cfg, cold: cold, warm: warm, runtimes: rts, slots: make(chan struct{}, cfg.Slots), observe: func(sandboxv1.Language, sandboxv1.Status, time.Duration) {}}
}

// OnRun registers a callback for every finished run (metrics): its
// language, status and how long the sandbox took over it.
func (e *Executor) OnRun(f func(lang sandboxv1.Language, st sandboxv1.Status, took time.Duration)) {
	e.observe = f
}

// Runtimes lists the installed runtimes, ordered by language.
func (e *Executor) Runtimes() []runtimes.Runtime {
	out := make([]runtimes.Runtime, 0, len(e.runtimes))
	for _, r := range e.runtimes {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Language < out[j].Language })
	return out
}

// Logger is the service's logger, for the gRPC edge to log the errors it
// does not map.
func (e *Executor) Logger() *slog.Logger { return e.cfg.Logger }

// Slots is the number of concurrent runs.
func (e *Executor) Slots() int { return e.cfg.Slots }

// Validate checks a request without running it: an *apierr.InvalidError
// names the fields at fault, a *NotInstalledError the missing runtime.
func (e *Executor) Validate(r *sandboxv1.ExecuteRequest) error {
	vs, err := validate(r)
	if err != nil {
		return fmt.Errorf("sandbox: request validation rules: %w", err)
	}
	if len(vs) > 0 {
		return apierr.Invalid(vs...)
	}
	if _, ok := e.runtimes[r.GetLanguage()]; !ok {
		return &NotInstalledError{Language: r.GetLanguage()}
	}
	return nil
}

// Execute validates and runs one request. Program outcomes, and failures of
// the sandbox, come back in the response; errors are for requests that were
// not run (invalid, not installed, overloaded: *QueueFullError, deadline
// passed while queued: *QueueTimeoutError).
func (e *Executor) Execute(ctx context.Context, r *sandboxv1.ExecuteRequest) (*sandboxv1.ExecuteResponse, error) {
	if err := e.Validate(r); err != nil {
		return nil, err
	}
	release, err := e.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return e.run(ctx, r), nil
}

// acquire takes a slot, waiting no longer than ctx allows.
func (e *Executor) acquire(ctx context.Context) (func(), error) {
	select {
	case e.slots <- struct{}{}:
		return func() { <-e.slots }, nil
	default:
	}
	if e.waiting.Add(1) > int64(e.cfg.MaxQueue) {
		e.waiting.Add(-1)
		return nil, &QueueFullError{Slots: e.cfg.Slots, MaxQueue: e.cfg.MaxQueue}
	}
	defer e.waiting.Add(-1)
	select {
	case e.slots <- struct{}{}:
		return func() { <-e.slots }, nil
	case <-ctx.Done():
		return nil, &QueueTimeoutError{Slots: e.cfg.Slots}
	}
}

func (e *Executor) run(ctx context.Context, r *sandboxv1.ExecuteRequest) *sandboxv1.ExecuteResponse {
	rt := e.runtimes[r.GetLanguage()]
	limits := resolve(r.GetLimits())
	code := r.GetCode()
	entry := path.Clean(r.GetEntry())
	var files []jail.File
	var filesBytes int64
	for _, f := range r.GetFiles() {
		files = append(files, jail.File{Path: path.Clean(f.GetPath()), Content: f.GetContent(), Mode: f.GetMode()})
		filesBytes += int64(len(f.GetContent()))
		if r.GetLanguage() == sandboxv1.Language_LANGUAGE_SQLITE && code == "" && path.Clean(f.GetPath()) == entry {
			code = string(f.GetContent())
		}
	}
	env := []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/work", "TMPDIR=/tmp", "LANG=C.UTF-8"}
	keys := make([]string, 0, len(r.GetEnv()))
	for k := range r.GetEnv() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+r.GetEnv()[k])
	}
	spec := jail.Spec{
		Argv:   rt.Argv(code, entry, r.GetDatabase(), r.GetArgs()),
		Env:    env,
		Stdin:  r.GetStdin(),
		Files:  files,
		Fetch:  r.GetFetch(),
		Limits: limits.jail(filesBytes),
	}
	runner := e.cold
	if w, ok := e.warm[r.GetLanguage()]; ok {
		runner = w
	}
	start := time.Now()
	res, err := runner.Run(ctx, spec)
	took := time.Since(start)
	resp := &sandboxv1.ExecuteResponse{Id: r.GetId(), Isolation: e.cfg.Isolation}
	if err != nil {
		e.cfg.Logger.ErrorContext(ctx, "sandbox failure", "id", r.GetId(), "err", err)
		resp.Status = sandboxv1.Status_STATUS_SANDBOX_ERROR
		resp.SandboxError = sandboxMessage(err)
		e.observe(r.GetLanguage(), resp.Status, took)
		return resp
	}
	resp.ExitCode = int32(res.ExitCode)
	resp.Signal = int32(res.Signal)
	resp.Stdout, resp.Stderr = res.Stdout, res.Stderr
	resp.StdoutTruncated, resp.StderrTruncated = res.StdoutTruncated, res.StderrTruncated
	resp.WallTimeMs = res.Wall.Milliseconds()
	resp.CpuTimeMs = res.CPU.Milliseconds()
	resp.PeakMemoryBytes = res.PeakMemoryBytes
	for _, f := range res.Files {
		resp.Files = append(resp.Files, &sandboxv1.File{Path: f.Path, Content: f.Content})
	}
	resp.Status = classify(res)
	e.observe(r.GetLanguage(), resp.Status, took)
	return resp
}

// classify picks the status; the order is the most specific cause first.
func classify(r *jail.Result) sandboxv1.Status {
	switch {
	case r.WallTimedOut:
		return sandboxv1.Status_STATUS_WALL_TIMEOUT
	case r.OutOfMemory:
		return sandboxv1.Status_STATUS_OUT_OF_MEMORY
	case r.CPUTimedOut:
		return sandboxv1.Status_STATUS_CPU_TIMEOUT
	case r.StdoutTruncated || r.StderrTruncated:
		return sandboxv1.Status_STATUS_OUTPUT_TRUNCATED
	case r.Signal != 0:
		return sandboxv1.Status_STATUS_SIGNALED
	case r.ExitCode != 0:
		return sandboxv1.Status_STATUS_NONZERO_EXIT
	}
	return sandboxv1.Status_STATUS_OK
}

// sandboxMessage says what failed without host paths or internals beyond the step.
func sandboxMessage(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("sandbox failure (%s); the program may not have run", errno.Error())
	}
	return "sandbox failure; the program may not have run: " + err.Error()
}
