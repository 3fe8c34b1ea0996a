package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/rungroup"
	"github.com/tdscaling/tdscaling/platform/telemetry"
)

// ProcessFlags are the options of a process, whatever it hosts.
type ProcessFlags struct {
	LogLevel      string
	LogFormat     string
	MetricsListen string
}

// Register declares log.level, log.format and metrics.listen.
func (p *ProcessFlags) Register(fs *flag.FlagSet, defaultMetrics string) {
	fs.StringVar(&p.LogLevel, "log.level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&p.LogFormat, "log.format", "text", "log format: text or json")
	fs.StringVar(&p.MetricsListen, "metrics.listen", defaultMetrics, "Prometheus /metrics listen address; empty disables it")
}

// Validate checks the process options.
func (p *ProcessFlags) Validate(v *config.Validator) {
	var lvl slog.Level
	v.Check(lvl.UnmarshalText([]byte(p.LogLevel)) == nil, "log.level", "want debug, info, warn or error, got %q", p.LogLevel)
	v.Check(p.LogFormat == "text" || p.LogFormat == "json", "log.format", "want text or json, got %q", p.LogFormat)
}

// Logger builds the process logger on w; records logged with a span in
// their context carry its trace and span ids.
func (p *ProcessFlags) Logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(p.LogLevel)) // validated
	opts := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if p.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(telemetry.LogHandler(h))
}

// Main runs svc as its own binary and returns the exit code: 0 on a clean
// stop (SIGINT/SIGTERM), 2 on a configuration error, 1 otherwise.
func Main(svc Service, defaultMetrics string, args []string) int {
	name := "tds-" + svc.Name()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var proc ProcessFlags
	proc.Register(fs, defaultMetrics)
	var nc natsClientFlags
	nc.register(fs)
	svc.RegisterFlags(fs)
	opts := config.Options{EnvPrefix: "TDS"}
	fs.Usage = config.Usage(fs, opts)
	loaded, err := config.Load(fs, args, opts)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		return 2
	}
	v := config.Validator{Sources: loaded}
	proc.Validate(&v)
	nc.validate(&v)
	svc.Validate(&v)
	if err := v.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		return 2
	}
	log := proc.Logger(os.Stderr).With("service", svc.Name())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := host(ctx, name, svc, proc, nc, log); err != nil {
		log.Error("stopped with error", "err", err)
		return 1
	}
	return 0
}

func host(ctx context.Context, name string, svc Service, proc ProcessFlags, natsFlags natsClientFlags, log *slog.Logger) error {
	tp, err := telemetry.NewTracerProvider(ctx, name)
	if err != nil {
		return err
	}
	defer ShutdownWithin(log, "tracer provider", tp.Shutdown)
	metrics, err := telemetry.NewMetrics(name)
	if err != nil {
		return err
	}
	defer ShutdownWithin(log, "meter provider", metrics.Provider.Shutdown)

	env := Env{Logger: log, Telemetry: telemetry.Providers{Tracer: tp, Meter: metrics.Provider, Propagator: telemetry.Propagator()}}
	if natsFlags.url != "" {
		nc, err := natsFlags.connect(name)
		if err != nil {
			return err
		}
		defer nc.Close()
		env.NATS = nc
		env.NATSReplicas = natsFlags.replicas
	}

	g, _ := rungroup.New(ctx)
	if proc.MetricsListen != "" {
		lis, err := grpcserver.Listen(proc.MetricsListen)
		if err != nil {
			return fmt.Errorf("metrics.listen: %w", err)
		}
		log.Info("serving metrics", "addr", "http://"+lis.Addr().String()+"/metrics")
		g.Go(func(ctx context.Context) error { return metrics.Serve(ctx, lis) })
	}
	g.Go(func(ctx context.Context) error { return svc.Run(ctx, env) })
	return g.Wait()
}

// ShutdownWithin calls a component's Shutdown with a 5 s deadline and logs a failure.
func ShutdownWithin(log *slog.Logger, what string, f func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f(ctx); err != nil {
		log.Warn("shutdown", "component", what, "err", err)
	}
}
