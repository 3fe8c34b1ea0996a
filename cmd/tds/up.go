package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/tdscaling/tdscaling/gateway"
	"github.com/tdscaling/tdscaling/platform/app"
	"github.com/tdscaling/tdscaling/platform/config"
	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/lease"
	"github.com/tdscaling/tdscaling/platform/natsserver"
	"github.com/tdscaling/tdscaling/platform/rungroup"
	"github.com/tdscaling/tdscaling/platform/telemetry"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/blueprint"
	"github.com/tdscaling/tdscaling/services/cluster"
	"github.com/tdscaling/tdscaling/services/evolve"
	"github.com/tdscaling/tdscaling/services/sandbox"
)

// allServices lists what `tds up` hosts, in port order from --base-port.
func allServices() []app.Service {
	return []app.Service{gateway.New(), cluster.New(), blueprint.New(), agent.New(), evolve.New(), sandbox.New()}
}

// natsPortOffset places the embedded NATS server at --base-port + 10.
const natsPortOffset = 10

// httpPortOffset places the gateway's HTTP/JSON API at --base-port + 80.
const httpPortOffset = 80

type upFlags struct {
	proc     app.ProcessFlags
	dataDir  string
	host     string
	basePort int
	tokens   string
	natsLog  bool
	natsHost string
	// corpusRoots and exportRoots, when set, are the gateway's.
	corpusRoots string
	exportRoots string
	// peerToken is what the services present to each other when auth is on.
	peerToken string
	// tracing adds options to every service's tracer provider (tests record spans with it).
	tracing []sdktrace.TracerProviderOption
}

// Endpoints maps a component ("gateway", "cluster", ..., "nats", "metrics")
// to its address once `tds up` is serving.
type Endpoints map[string]string

// upCommand runs `tds up`. onReady, when set, receives the endpoints once
// every service listens (tests use it).
func upCommand(ctx context.Context, args []string, stdout, stderr io.Writer, onReady func(Endpoints)) int {
	fs := flag.NewFlagSet("tds up", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f upFlags
	f.proc.Register(fs, "127.0.0.1:9100")
	fs.StringVar(&f.dataDir, "data-dir", ".tds", "directory for the NATS JetStream store, job state and datasets")
	fs.StringVar(&f.host, "host", "127.0.0.1", "interface every service binds")
	fs.IntVar(&f.basePort, "base-port", 7100, "first port: gateway on it, then cluster, blueprint, agent, evolve, sandbox; NATS on base+10; 0 picks free ports")
	fs.StringVar(&f.tokens, "auth.tokens", "", "comma-separated bearer tokens required by every service (health stays open); empty disables auth")
	fs.BoolVar(&f.natsLog, "nats.log", false, "log the embedded NATS server's own messages")
	fs.StringVar(&f.natsHost, "nats.host", "127.0.0.1", "interface the embedded NATS server binds (the services reach it in-process; --host does not move it);\n"+
		"with --auth.tokens it requires the user and password kept in <data-dir>/"+natsAuthFile+" while it runs")
	fs.StringVar(&f.corpusRoots, "corpus.roots", "", "comma-separated directories whose corpus files jobs may name by path (sets --gateway.corpus.roots); empty: none, upload corpora instead (tds synth --server does)")
	fs.StringVar(&f.exportRoots, "export.roots", "", "comma-separated directories jobs may write datasets under (sets --gateway.export.roots), besides <data-dir>/jobs")
	svcs := allServices()
	for _, s := range svcs {
		registerPrefixed(fs, s)
	}
	opts := config.Options{EnvPrefix: "TDS"}
	fs.Usage = config.Usage(fs, opts)
	loaded, err := config.Load(fs, args, opts)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "tds up: %v\n", err)
		return 2
	}
	v := config.Validator{Sources: loaded}
	f.proc.Validate(&v)
	v.Check(f.basePort == 0 || (f.basePort > 0 && f.basePort+natsPortOffset < 65536), "base-port", "want 0 or a port below %d, got %d", 65536-natsPortOffset, f.basePort)
	v.Check(f.dataDir != "", "data-dir", "must not be empty")
	for _, s := range svcs {
		pv := v.WithPrefix(s.Name() + ".")
		s.Validate(pv)
	}
	if err := v.Err(); err != nil {
		fmt.Fprintf(stderr, "tds up: %v\n", err)
		return 2
	}
	// The global token list applies to every service that sets none itself,
	// with a token of the suite's own that the services present to each other:
	// it is nobody's, so a user's token acts for that user only (the cluster
	// service keeps each token's corpora apart and trusts the peer token to
	// say for whom the gateway calls).
	if f.tokens != "" {
		peer, err := newPeerToken()
		if err != nil {
			fmt.Fprintf(stderr, "tds up: %v\n", err)
			return 1
		}
		f.peerToken = peer
		for _, s := range svcs {
			key := s.Name() + ".auth.tokens"
			if loaded.Source(key) == "default" {
				_ = fs.Set(key, f.tokens+","+peer)
			}
		}
		// Operators' tokens given there stay trusted beside the suite's own.
		peers := peer
		if v := fs.Lookup("cluster.auth.peer_tokens").Value.String(); v != "" {
			peers = v + "," + peer
		}
		_ = fs.Set("cluster.auth.peer_tokens", peers)
	}
	for flagName, key := range map[string]string{"corpus.roots": "gateway.corpus.roots", "export.roots": "gateway.export.roots"} {
		if v := fs.Lookup(flagName).Value.String(); v != "" && loaded.Source(key) == "default" {
			_ = fs.Set(key, v)
		}
	}
	// The gateway's HTTP/JSON API follows --base-port (base + 80) unless set.
	if loaded.Source("gateway.http.listen") == "default" {
		port := 0
		if f.basePort > 0 {
			port = f.basePort + httpPortOffset
		}
		_ = fs.Set("gateway.http.listen", net.JoinHostPort(f.host, strconv.Itoa(port)))
	}
	if loaded.Source("gateway.data_dir") == "default" {
		_ = fs.Set("gateway.data_dir", f.dataDir)
	}
	log := f.proc.Logger(stderr)
	if err := up(ctx, f, svcs, loaded, log, stdout, onReady); err != nil && !stoppedWhileStarting(ctx, err) {
		log.Error("tds up stopped with error", "err", err)
		return 1
	}
	return 0
}

// stoppedWhileStarting reports whether err is only a service's start-up cut
// short by the stop that was asked for (Ctrl-C at once): a clean stop.
func stoppedWhileStarting(ctx context.Context, err error) bool {
	return ctx.Err() != nil && errors.Is(err, context.Canceled)
}

// registerPrefixed declares a service's flags under "<name>.", so that one
// command line and one YAML file (a section per service) configure them all.
func registerPrefixed(fs *flag.FlagSet, s app.Service) {
	own := flag.NewFlagSet(s.Name(), flag.ContinueOnError)
	s.RegisterFlags(own)
	own.VisitAll(func(fl *flag.Flag) {
		usage := fl.Usage
		if fl.Name == "grpc.listen" {
			usage += "; unless set, tds up binds --host at --base-port + the service's index"
		}
		fs.Var(fl.Value, s.Name()+"."+fl.Name, usage)
	})
}

// up runs the suite until ctx is done or a service fails: the data
// directory claimed, NATS started, every port opened, the services pointed
// at each other, then every service run in one group.
func up(ctx context.Context, f upFlags, svcs []app.Service, loaded *config.Loaded, log *slog.Logger, stdout io.Writer, onReady func(Endpoints)) error {
	tuneGC()
	unlock, err := claimDataDir(f.dataDir, log)
	if err != nil {
		return err
	}
	defer unlock()
	natsURL, ns, creds, stopNATS, err := startNATS(f, log)
	if err != nil {
		return err
	}
	defer stopNATS()
	if err := ensureStreams(ctx, natsURL, creds.option(), log); err != nil {
		return err
	}
	// Open every port before starting anything, so a port in use fails fast
	// and says which option moves it.
	listeners := make([]net.Listener, len(svcs))
	defer func() {
		for _, l := range listeners {
			if l != nil {
				_ = l.Close() // already closed by a stopped server
			}
		}
	}()
	if err := listenAll(f, svcs, loaded, listeners); err != nil {
		return err
	}
	elsewhere := pointPeers(svcs, listeners, loaded, f.peerToken)

	metrics, err := telemetry.NewMetrics("tds")
	if err != nil {
		return err
	}
	defer app.ShutdownWithin(log, "meter provider", metrics.Provider.Shutdown)

	g, ctx := rungroup.New(ctx)
	st := &suiteState{endpoints: Endpoints{"nats": natsURL}, ready: make(chan struct{}, len(svcs))}
	if f.proc.MetricsListen != "" {
		lis, err := grpcserver.Listen(f.proc.MetricsListen)
		if err != nil {
			return fmt.Errorf("metrics.listen: %w", err)
		}
		st.set("metrics", "http://"+lis.Addr().String()+"/metrics")
		g.Go(func(ctx context.Context) error { return metrics.Serve(ctx, lis) })
	}
	bus := serviceBus{url: natsURL, inProcess: nats.InProcessServer(ns), auth: creds.option(), metrics: metrics, tracing: f.tracing, log: log}
	for i, s := range svcs {
		stop, err := st.start(ctx, g, s, listeners[i], bus)
		defer stop()
		if err != nil {
			g.Cancel()
			g.Wait()
			return err
		}
	}

	if st.waitReady(ctx, len(svcs)) {
		snapshot := st.banner(stdout, f.dataDir, svcs, elsewhere)
		if onReady != nil {
			onReady(snapshot)
		}
	}
	err = g.Wait()
	log.Info("TDScaling stopped")
	return err
}

// claimDataDir creates and locks the data directory (one suite per
// directory) and clears what a suite that died there left half-written.
func claimDataDir(dataDir string, log *slog.Logger) (unlock func(), err error) {
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data-dir: %w", err)
	}
	unlock, err = lockDataDir(dataDir)
	if err != nil {
		return nil, err
	}
	removeStaleTemps(dataDir, log)
	return unlock, nil
}

// startNATS starts the embedded NATS server at --base-port + 10 (a free
// port with --base-port 0). With API tokens, NATS takes credentials too: it
// carries every job's spec, events and records, which the tokens guard;
// they are removed when it stops. It returns the server's client URL.
func startNATS(f upFlags, log *slog.Logger) (string, *server.Server, natsCredentials, func(), error) {
	natsPort := 0
	if f.basePort > 0 {
		natsPort = f.basePort + natsPortOffset
	}
	storeDir := filepath.Join(f.dataDir, natsStoreDir)
	var creds natsCredentials
	if f.tokens != "" {
		var err error
		if creds, err = newNATSCredentials(f.dataDir); err != nil {
			return "", nil, creds, nil, fmt.Errorf("data-dir: %w", err)
		}
	}
	forget := func() {
		if creds.User != "" {
			removeNATSCredentials(f.dataDir)
		}
	}
	natsHost := f.natsHost
	if natsHost == "" {
		natsHost = "127.0.0.1"
	}
	if err := checkPortFree("nats", natsHost, natsPort, "choose other ports with --base-port"); err != nil {
		return "", nil, creds, nil, err
	}
	ns, err := natsserver.Start(natsserver.Config{Host: natsHost, Port: natsPort, StoreDir: storeDir, Log: f.natsLog,
		Logger: log.With("service", "nats"), User: creds.User, Password: creds.Password})
	if err != nil {
		forget()
		return "", nil, creds, nil, err
	}
	stop := func() {
		ns.Shutdown()
		ns.WaitForShutdown()
		forget()
	}
	return ns.ClientURL(), ns, creds, stop, nil
}

// listenAll opens, into listeners, the gRPC port of every service told no
// address of its own: --host at --base-port + the service's index.
func listenAll(f upFlags, svcs []app.Service, loaded *config.Loaded, listeners []net.Listener) error {
	for i, s := range svcs {
		key := s.Name() + ".grpc.listen"
		if loaded.Source(key) != "default" {
			continue // the service listens where it was told
		}
		port := 0
		if f.basePort > 0 {
			port = f.basePort + i
		}
		l, err := grpcserver.Listen(net.JoinHostPort(f.host, strconv.Itoa(port)))
		if err != nil {
			return fmt.Errorf("%s: %w (choose other ports with --base-port, or --%s)", s.Name(), err, key)
		}
		listeners[i] = l
	}
	return nil
}

// pointPeers tells the services that call others where those listen,
// unless told otherwise. It returns, per service, who is pointed at another
// instance of it, for the banner.
func pointPeers(svcs []app.Service, listeners []net.Listener, loaded *config.Loaded, token string) map[string][]string {
	elsewhere := map[string][]string{}
	for _, s := range svcs {
		p, ok := s.(app.Peered)
		if !ok {
			continue
		}
		for i, peer := range svcs {
			key := s.Name() + "." + peer.Name() + ".addr"
			switch src := loaded.Source(key); {
			case listeners[i] != nil && src == "default":
				p.SetPeer(peer.Name(), listeners[i].Addr().String(), token)
			case src != "" && src != "default":
				elsewhere[peer.Name()] = append(elsewhere[peer.Name()], fmt.Sprintf("%s uses the one set by %s", s.Name(), src))
			}
		}
	}
	return elsewhere
}

// serviceBus is what every service of the suite shares: the embedded NATS
// server, the metrics, the tracing options and the log.
type serviceBus struct {
	url string
	// inProcess connects the suite's services to the embedded server
	// without a socket: every event went through the kernel twice, a
	// write and a read on each side, and the services are in its process.
	inProcess nats.Option
	auth      nats.Option
	metrics   *telemetry.Metrics
	tracing   []sdktrace.TracerProviderOption
	log       *slog.Logger
}

// suiteState is what the running services report: their addresses, and a
// signal as each is ready.
type suiteState struct {
	mu        sync.Mutex
	endpoints Endpoints
	ready     chan struct{}
}

func (st *suiteState) set(name, addr string) {
	st.mu.Lock()
	st.endpoints[name] = addr
	st.mu.Unlock()
}

// start runs service s in g, with a tracer provider and a NATS connection
// of its own; stop, never nil, releases them once the group is done.
func (st *suiteState) start(ctx context.Context, g *rungroup.Group, s app.Service, lis net.Listener, bus serviceBus) (stop func(), err error) {
	var undo []func()
	stop = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	name := s.Name()
	if h, ok := s.(interface{ OnHTTPReady(func(string)) }); ok {
		h.OnHTTPReady(func(addr string) { st.set(name+" http", "http://"+addr) })
	}
	tp, err := telemetry.NewTracerProvider(ctx, "tds-"+name, bus.tracing...)
	if err != nil {
		return stop, err
	}
	undo = append(undo, func() { app.ShutdownWithin(bus.log, name+" tracer provider", tp.Shutdown) })
	nc, err := nats.Connect(bus.url, nats.Name("tds-"+name), nats.MaxReconnects(-1), bus.auth, bus.inProcess)
	if err != nil {
		return stop, fmt.Errorf("%s: connect to embedded NATS: %w", name, err)
	}
	undo = append(undo, nc.Close)
	env := app.Env{
		Logger:    bus.log.With("service", name),
		Telemetry: telemetry.Providers{Tracer: tp, Meter: bus.metrics.Provider, Propagator: telemetry.Propagator()},
		NATS:      nc,
		Listener:  lis,
		Ready: func(addr string) {
			st.set(name, addr)
			st.ready <- struct{}{}
		},
	}
	g.Go(func(ctx context.Context) error {
		if err := s.Run(ctx, env); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
	return stop, nil
}

// waitReady waits until n services are ready; false when ctx ended first.
func (st *suiteState) waitReady(ctx context.Context, n int) bool {
	for range n {
		select {
		case <-st.ready:
		case <-ctx.Done():
		}
	}
	return ctx.Err() == nil
}

// banner prints the endpoints and returns a copy of them.
func (st *suiteState) banner(stdout io.Writer, dataDir string, svcs []app.Service, elsewhere map[string][]string) Endpoints {
	st.mu.Lock()
	defer st.mu.Unlock()
	printEndpoints(stdout, dataDir, svcs, st.endpoints, elsewhere)
	return maps.Clone(st.endpoints)
}

// printEndpoints is the banner; a service that others were pointed away
// from says so, so the banner does not suggest it serves them.
func printEndpoints(w io.Writer, dataDir string, svcs []app.Service, e Endpoints, elsewhere map[string][]string) {
	fmt.Fprintf(w, "TDScaling is up (data in %s). Ctrl-C stops it.\n\n", dataDir)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, s := range svcs {
		note := ""
		if others := elsewhere[s.Name()]; len(others) > 0 {
			note = "\t(embedded, unused by some: " + strings.Join(others, "; ") + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s%s\n", s.Name(), e[s.Name()], note)
		if h, ok := e[s.Name()+" http"]; ok {
			fmt.Fprintf(tw, "  %s\t%s\t(HTTP/JSON, %s/openapi.json)\n", s.Name(), h, h)
		}
	}
	if h, ok := e["gateway http"]; ok {
		fmt.Fprintf(tw, "  dashboard\t%s\t(the token is asked once per browser tab)\n", dashboardURL(h))
	}
	fmt.Fprintf(tw, "  nats\t%s\t(JetStream)\n", e["nats"])
	if m, ok := e["metrics"]; ok {
		fmt.Fprintf(tw, "  metrics\t%s\n", m)
	}
	_ = tw.Flush()
}

// dashboardURL is the dashboard of the gateway whose HTTP address is base
// ("http://host:port").
func dashboardURL(base string) string { return base + gateway.DashboardPath }

// ensureStreams creates the job flow's streams before any service starts,
// so the services, which all ensure them too, find them in place instead of
// racing to create them. It then hands back the messages that the suite
// which ran on this data directory before held when it died: this process
// holds the directory's lock, so that suite is gone, and its rollouts and
// final writes resume now rather than one ack wait later, and the leases it
// held on its jobs are cleared.
func ensureStreams(ctx context.Context, url string, auth nats.Option, log *slog.Logger) error {
	nc, err := nats.Connect(url, nats.Name("tds-up"), auth)
	if err != nil {
		return fmt.Errorf("connect to embedded NATS: %w", err)
	}
	defer nc.Close()
	bus, err := events.New(nc)
	if err != nil {
		return err
	}
	if err := bus.EnsureStreams(ctx, 1); err != nil {
		return err
	}
	n, err := bus.ReclaimHeld(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("handed back the messages the previous run was working on when it stopped", "messages", n)
	}
	// Its jobs are this suite's now, without waiting for their leases to lapse.
	return lease.Clear(ctx, bus.JetStream())
}

// newPeerToken draws the token the services of one tds up present to each
// other; it lives only in this process.
func newPeerToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("draw the services' peer token: %w", err)
	}
	return "tds-peer-" + hex.EncodeToString(b[:]), nil
}
