// Package sandbox is the sandbox service: isolated execution of untrusted
// code. It is hosted by its own binary (cmd/sandbox) and by the all-in-one
// `tds up`; any binary that links it can act as the sandbox's init.
package sandbox

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"

	sandboxv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/sandbox/v1"

	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/executor"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/jail"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/runtimes"
	"github.com/tdscaling/tdscaling/services/sandbox/internal/server"
)

// DefaultListen is the service's gRPC address when run on its own.
const DefaultListen = "127.0.0.1:7105"

// Options configure the sandbox.
type Options struct {
	Slots      int
	MaxQueue   int
	StateDir   string
	HostIDBase int
	// HostIDCount is the size of the uid/gid range (default 65536).
	HostIDCount int
	// ForkServer keeps a sandboxed fork server per slot that prepares each
	// run's sandbox ahead, started with the slot's first run; without it
	// every run starts an init of its own.
	ForkServer bool
	// Warm runs Python code in the fork server's warm interpreter instead of
	// a fresh one (needs ForkServer).
	Warm bool
	// Prestart starts every slot's fork server at start-up instead of on the
	// slot's first run: for a process about to run code, since a server
	// started later is forked from a process that has grown meanwhile, which
	// costs more CPU (Go forks a child in a new user namespace in full).
	Prestart bool
}

// Service is the sandbox service.
type Service struct {
	server app.ServerFlags
	opts   Options
}

// New returns the service with its defaults.
func New() *Service { return &Service{} }

// Name implements app.Service.
func (s *Service) Name() string { return "sandbox" }

// RegisterFlags implements app.Service.
func (s *Service) RegisterFlags(fs *flag.FlagSet) {
	s.server.Register(fs, DefaultListen)
	fs.IntVar(&s.opts.Slots, "slots", 2*runtime.NumCPU(), "runs executing at once")
	fs.IntVar(&s.opts.MaxQueue, "max_queue", 64, "requests waiting for a slot before new ones get ResourceExhausted")
	fs.StringVar(&s.opts.StateDir, "state_dir", filepath.Join(os.TempDir(), "tds-sandbox"), "directory for the empty mount point runs build their roots on (must be searchable by others)")
	fs.IntVar(&s.opts.HostIDBase, "host_id_base", 200000, "first of the host uids/gids the runs' user namespaces map to; they must own nothing on the host")
	fs.IntVar(&s.opts.HostIDCount, "host_id_count", 65536, "how many uids/gids from host_id_base the runs map (at least 1001); inside a pod with hostUsers: false, which owns 65536 ids, use e.g. --host_id_base 10000 --host_id_count 4096")
	fs.BoolVar(&s.opts.ForkServer, "fork_server", true, "prepare each run's sandbox ahead in a sandboxed fork server per slot, started with the slot's first run; false starts an init per run")
	fs.BoolVar(&s.opts.Prestart, "prestart", false, "start every slot's fork server at start-up instead of on the slot's first run (cheaper when code will run soon; tds synth sets it for jobs with a code share)")
	fs.BoolVar(&s.opts.Warm, "warm", true, "run Python code in the fork server's warm interpreter (each run still gets a fresh sandbox); false starts a fresh interpreter")
}

// Validate implements app.Service.
func (s *Service) Validate(v *config.Validator) {
	s.server.Validate(v)
	v.Check(s.opts.Slots >= 1 && s.opts.Slots <= 1024, "slots", "want 1..1024, got %d", s.opts.Slots)
	v.Check(s.opts.MaxQueue >= 0, "max_queue", "must not be negative, got %d", s.opts.MaxQueue)
	v.Check(s.opts.StateDir != "", "state_dir", "must be set")
	v.Check(s.opts.ForkServer || !s.opts.Warm, "warm", "needs fork_server")
	v.Check(s.opts.ForkServer || !s.opts.Prestart, "prestart", "needs fork_server")
	v.Check(s.opts.HostIDCount >= jail.MinHostIDCount && s.opts.HostIDCount <= 65536, "host_id_count", "want %d..65536 (programs run as uid 1000 inside), got %d", jail.MinHostIDCount, s.opts.HostIDCount)
	v.Check(s.opts.HostIDBase >= 1000 && s.opts.HostIDBase <= 1<<31-s.opts.HostIDCount, "host_id_base", "want an unused range start above 1000, got %d", s.opts.HostIDBase)
}

// Run implements app.Service. It refuses to start when the kernel lacks a
// feature the isolation needs, saying which.
func (s *Service) Run(ctx context.Context, env app.Env) error {
	exec, isolation, closeFn, err := Open(ctx, s.opts, env)
	if err != nil {
		return err
	}
	defer closeFn()
	env.Logger.Info("sandbox ready", "isolation", isolation, "slots", exec.Slots())
	// Requests carry files; the executor bounds them itself with field-level errors.
	s.server.MaxRecvMsgSize = executor.MaxFilesBytes + executor.MaxStdinBytes + executor.MaxCodeBytes + 1<<20
	return s.server.Serve(ctx, env, func(srv *grpcserver.Server) {
		sandboxv1.RegisterSandboxServiceServer(srv.GRPC(), server.New(exec, isolation))
	})
}

// Open builds an executor with its jail; the CLI and benchmarks use it
// without a server. closeFn releases the jail.
func Open(ctx context.Context, opts Options, env app.Env) (exec *executor.Executor, isolation string, closeFn func(), err error) {
	j, err := jail.New(jail.Config{HostIDBase: opts.HostIDBase, HostIDCount: opts.HostIDCount, StateDir: opts.StateDir, Slots: max(opts.Slots, 1)})
	if err != nil {
		return nil, "", nil, err
	}
	rts, err := runtimes.Discover(ctx)
	if err != nil {
		j.Close()
		return nil, "", nil, fmt.Errorf("sandbox: %w", err)
	}
	isolation = j.Isolation()
	// Without the fork server every run gets an init process of its own.
	var cold executor.Runner = j
	warm := map[sandboxv1.Language]executor.Runner{}
	closeFn = func() { _ = j.Close() }
	if py, ok := rts[sandboxv1.Language_LANGUAGE_PYTHON]; ok && opts.ForkServer {
		// The fork server is itself a Python program in a sandbox. Each
		// slot's starts with the slot's first run, unless prestarted: a job
		// that runs no code pays for none.
		pool, err := j.NewPool(py.Path)
		if err != nil {
			j.Close()
			return nil, "", nil, err
		}
		cold = pool.Execer()
		if opts.Prestart {
			if err := pool.Start(); err != nil {
				j.Close()
				return nil, "", nil, err
			}
			isolation += "; sandboxes prepared ahead by a sandboxed fork server per slot, started at start-up"
		} else {
			isolation += "; sandboxes prepared ahead by a sandboxed fork server per slot, started on the slot's first use"
		}
		if opts.Warm {
			warm[sandboxv1.Language_LANGUAGE_PYTHON] = pool
			isolation += ", Python in a warm interpreter"
		}
	}
	logger := env.Logger
	if logger == nil {
		logger = slog.Default()
	}
	exec = executor.New(executor.Config{Slots: opts.Slots, MaxQueue: opts.MaxQueue, Isolation: isolation, Logger: logger}, rts, cold, warm)
	if env.Telemetry.Meter != nil {
		instrument(exec, env.Telemetry.Meter)
	}
	return exec, isolation, closeFn, nil
}
