package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/events"
	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/grpcclient"
	"github.com/tdscaling/tdscaling/platform/lease"
)

// natsClusterConf is one server of a three-server JetStream cluster on
// loopback.
func natsClusterConf(name string, client, route string, routes []string, store string) string {
	var rs []string
	for _, r := range routes {
		if r != route {
			rs = append(rs, strconv.Quote("nats-route://"+r))
		}
	}
	return fmt.Sprintf(`server_name: %s
listen: %q
jetstream { store_dir: %q, max_memory_store: 64MB, max_file_store: 1GB }
cluster { name: tds-e2e, listen: %q, routes: [%s] }
`, name, client, store, route, strings.Join(rs, ", "))
}

// TestScaleOutProcesses runs a job on the clustered engine as separate
// processes: three nats-server processes (the binary of the nats-server
// module the product embeds) holding every stream and bucket in three
// copies, and two replicas of every service. Mid-job it SIGKILLs the NATS
// server leading the task stream, then an agent worker, then the evolve
// replica that owns the job, restarting each after a pause, then two of the
// three NATS servers at once: the job must say it is paused until they are
// back. The job must end SUCCEEDED with exactly N unique verified records that the report
// describes, and give up its leases.
func TestScaleOutProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a NATS cluster and two replicas of every service")
	}
	const n = 240
	began := time.Now()
	root, _ := filepath.Abs("../..")
	bin := binaries(t)
	t.Logf("built in %s", time.Since(began).Round(time.Millisecond))
	work := t.TempDir()
	logs := filepath.Join(work, "logs")
	_ = os.MkdirAll(logs, 0o755)
	var all []*proc
	newProc := func(name, binary string, args ...string) *proc {
		f, err := os.Create(filepath.Join(logs, name+".log"))
		if err != nil {
			t.Fatal(err)
		}
		p := &proc{t: t, name: name, bin: binary, args: args, log: f}
		all = append(all, p)
		t.Cleanup(func() { p.stop(syscall.SIGTERM); _ = f.Close() })
		return p
	}
	defer func() {
		if t.Failed() {
			for _, p := range all {
				data, _ := os.ReadFile(p.log.Name())
				if len(data) > 3000 {
					data = data[len(data)-3000:]
				}
				t.Logf("--- %s log (tail)\n%s", p.name, data)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	natsByName, natsURL := startNATSCluster(t, bin, work, newProc)
	nc, err := nats.Connect(natsURL, nats.MaxReconnects(-1))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(ctx, t, "JetStream answers on the cluster", func() error {
		actx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		_, err := js.AccountInfo(actx)
		return err
	})

	svc, addrs := startReplicas(t, bin, work, root, natsURL, newProc)
	peers := func(s string) string { return strings.Join(addrs[s], ",") }
	t.Logf("three NATS servers and two replicas of every service up at %s", time.Since(began).Round(time.Millisecond))
	conn, err := grpcclient.Dial(peers("gateway"), grpcclient.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := jobv1.NewJobServiceClient(conn)
	out := filepath.Join(work, "dataset")
	created, err := c.CreateJob(ctx, &jobv1.CreateJobRequest{RequestId: "scale-out", Spec: &jobv1.JobSpec{
		Name:          "scale-out",
		Corpus:        &jobv1.CorpusRef{Source: &jobv1.CorpusRef_Path{Path: filepath.Join(root, "examples/corpora/bfcl-multiturn.jsonl")}},
		TargetRecords: n, Seed: 11, OutputDir: out,
		Strategy: &evolvev1.StrategySpec{Strategy: evolvev1.Strategy_STRATEGY_TDSCALING},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := created.GetJob().GetId()

	checkReplicas(ctx, t, js)
	w := &jobWatch{ctx: ctx, t: t, c: c, id: id}
	waitWritten, job := w.written, w.job
	restart := func(p *proc, addr string) {
		p.stop(syscall.SIGKILL)
		// An outage, not a wait: the rest of the cluster runs a second
		// without the process before it comes back.
		time.Sleep(time.Second)
		p.start()
		if addr != "" {
			waitListening(t, addr, p)
		}
	}

	// 1. The NATS server that leads the task stream. Each later fault waits
	// only for the job to have moved on since the one before (n/12 records,
	// the records written during an outage come on top): spacing them by
	// larger steps let a fast machine finish the job before the last.
	at := waitWritten(n / 6)
	s, err := js.Stream(ctx, events.StreamTasks)
	if err != nil {
		t.Fatal(err)
	}
	leader := natsByName[s.CachedInfo().Cluster.Leader]
	if leader == nil {
		t.Fatalf("task stream leader %q is none of the servers", s.CachedInfo().Cluster.Leader)
	}
	restart(leader, "")
	t.Logf("%s, leader of %s, killed and restarted with %d records written", leader.name, events.StreamTasks, at)

	// 2. An agent worker.
	at = waitWritten(at + n/12)
	restart(svc["agent"][0], addrs["agent"][0])
	t.Logf("agent-0 killed and restarted with %d records written", at)

	// 3. The evolve replica that owns the job.
	at = waitWritten(at + n/12)
	kv, err := js.KeyValue(ctx, lease.Bucket)
	if err != nil {
		t.Fatal(err)
	}
	owner, ownerAddr := evolveOwner(ctx, t, kv, id, svc, addrs)
	restart(owner, ownerAddr)
	t.Logf("%s, owner of the job, killed and restarted with %d records written", owner.name, at)

	// 4. Two of the three NATS servers: the streams lose their majority. The
	// job says it is paused, and why, rather than hang; it resumes once they
	// are back.
	at = waitWritten(at + n/12)
	lost := []*proc{natsByName["nats-0"], natsByName["nats-1"]}
	for _, p := range lost {
		p.stop(syscall.SIGKILL)
	}
	waitPaused(ctx, t, c, id)
	t.Logf("two NATS servers killed with %d records written: the job says it is paused", at)
	for _, p := range lost {
		p.start()
	}

	final := eventually.Value(t, w.left(), 100*time.Millisecond, func() (*jobv1.Job, error) {
		j := job()
		if !isTerminal(j.GetState()) {
			return nil, fmt.Errorf("job %s: %s %s", id, j.GetState(), j.GetReason())
		}
		return j, nil
	})
	if final.GetState() != jobv1.JobState_JOB_STATE_SUCCEEDED {
		t.Fatalf("job %s: %s", final.GetState(), final.GetReason())
	}
	t.Logf("job succeeded at %s", time.Since(began).Round(time.Millisecond))
	checkDataset(t, out, n)
	// Done, the job holds no lease: nobody renews or takes it over.
	waitUntil(ctx, t, "the finished job's leases are released", func() error {
		for _, k := range []string{"evolve." + id, "sink." + id} {
			if _, err := kv.Get(ctx, k); !errors.Is(err, jetstream.ErrKeyNotFound) {
				return fmt.Errorf("lease %s: %v", k, err)
			}
		}
		return nil
	})
}

// built holds the binaries of the six services and of nats-server (the
// module the product embeds, at its pinned version), built once for the
// tests that run them as processes and removed when the tests end.
var built struct {
	once sync.Once
	dir  string
	err  error
}

func binaries(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "tds-test-bin-"); built.err != nil {
			return
		}
		root, _ := filepath.Abs("../..")
		build := exec.Command("go", "build", "-o", built.dir+"/",
			"./gateway/cmd/gateway", "./services/cluster/cmd/cluster", "./services/blueprint/cmd/blueprint",
			"./services/agent/cmd/agent", "./services/evolve/cmd/evolve", "./services/sandbox/cmd/sandbox",
			"github.com/nats-io/nats-server/v2")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

func removeBinaries() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// waitUntil polls f until it returns nil; it fails the test when ctx's
// deadline comes first.
func waitUntil(ctx context.Context, t *testing.T, what string, f func() error) {
	t.Helper()
	eventually.Check(t, untilDeadline(ctx), 100*time.Millisecond, func() error {
		if err := f(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	})
}

// untilDeadline is what is left of ctx's time (none without a deadline).
func untilDeadline(ctx context.Context) time.Duration {
	d, ok := ctx.Deadline()
	if !ok {
		return 0
	}
	return time.Until(d)
}

// procStarter makes a child process logged into the test's directory.
type procStarter func(name, binary string, args ...string) *proc

// startNATSCluster starts three nats-server processes clustered on loopback
// and returns them by server name, and their client URLs.
func startNATSCluster(t *testing.T, bin, work string, newProc procStarter) (map[string]*proc, string) {
	t.Helper()
	var clients, routes []string
	for range 3 {
		clients = append(clients, freeAddr(t))
		routes = append(routes, freeAddr(t))
	}
	natsByName := map[string]*proc{}
	var urls []string
	for i := range 3 {
		name := fmt.Sprintf("nats-%d", i)
		conf := filepath.Join(work, name+".conf")
		if err := os.WriteFile(conf, []byte(natsClusterConf(name, clients[i], routes[i], routes, filepath.Join(work, name))), 0o600); err != nil {
			t.Fatal(err)
		}
		natsByName[name] = newProc(name, bin+"/nats-server", "--config", conf)
		natsByName[name].start()
		urls = append(urls, "nats://"+clients[i])
	}
	for i := range 3 {
		waitListening(t, clients[i], natsByName[fmt.Sprintf("nats-%d", i)])
	}
	natsURL := strings.Join(urls, ",")
	return natsByName, natsURL
}

// startReplicas starts two replicas of every service and returns them and
// their addresses by service.
func startReplicas(t *testing.T, bin, work, root, natsURL string, newProc procStarter) (map[string][]*proc, map[string][]string) {
	t.Helper()
	names := []string{"cluster", "sandbox", "blueprint", "evolve", "agent", "gateway"}
	addrs := map[string][]string{}
	for _, s := range names {
		addrs[s] = []string{freeAddr(t), freeAddr(t)}
	}
	peers := func(s string) string { return strings.Join(addrs[s], ",") }
	svc := map[string][]*proc{}
	for _, s := range names {
		for i := range 2 {
			args := []string{"--grpc.listen", addrs[s][i], "--nats.url", natsURL, "--nats.replicas", "3",
				"--metrics.listen", "", "--log.level", "info"}
			switch s {
			case "cluster":
				args = append(args, "--data_dir", filepath.Join(work, fmt.Sprintf("cluster-%d", i)))
			case "sandbox":
				state, err := os.MkdirTemp("/tmp", "tds-scaleout-sandbox-")
				if err != nil {
					t.Fatal(err)
				}
				_ = os.Chmod(state, 0o755)
				t.Cleanup(func() { _ = os.RemoveAll(state) })
				args = append(args, "--state_dir", state, "--host_id_base", strconv.Itoa(800000+70000*i))
			case "blueprint":
				args = append(args, "--cluster.addr", peers("cluster"))
			case "evolve":
				args = append(args, "--cluster.addr", peers("cluster"), "--lease.ttl", "2s")
			case "agent":
				args = append(args, "--cluster.addr", peers("cluster"), "--blueprint.addr", peers("blueprint"),
					"--sandbox.addr", peers("sandbox"), "--worker.concurrency", "4")
			case "gateway":
				args = append(args, "--cluster.addr", peers("cluster"), "--evolve.addr", peers("evolve"),
					"--http.listen", "", "--data_dir", filepath.Join(work, "gateway"), "--lease.ttl", "2s",
					"--corpus.roots", filepath.Join(root, "examples/corpora"), "--export.roots", work)
			}
			p := newProc(fmt.Sprintf("%s-%d", s, i), bin+"/"+s, args...)
			p.start()
			svc[s] = append(svc[s], p)
		}
	}
	for _, s := range names {
		for i, p := range svc[s] {
			waitListening(t, addrs[s][i], p)
		}
	}

	return svc, addrs
}

// evolveOwner returns the evolve replica whose pid the job's lease names.
func evolveOwner(ctx context.Context, t *testing.T, kv jetstream.KeyValue, id string, svc map[string][]*proc, addrs map[string][]string) (*proc, string) {
	t.Helper()
	var owner *proc
	var ownerAddr string
	waitUntil(ctx, t, "an evolve replica owns the job", func() error {
		gctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		e, err := kv.Get(gctx, "evolve."+id)
		if err != nil {
			return err
		}
		var v struct{ Owner string }
		if err := json.Unmarshal(e.Value(), &v); err != nil {
			return err
		}
		for i, p := range svc["evolve"] {
			if p.cmd != nil && strings.Contains(v.Owner, "/"+strconv.Itoa(p.cmd.Process.Pid)+"/") {
				owner, ownerAddr = p, addrs["evolve"][i]
				return nil
			}
		}
		return fmt.Errorf("lease owner %q is no running evolve replica", v.Owner)
	})
	return owner, ownerAddr
}

// waitPaused waits until the gateway says the job is paused.
func waitPaused(ctx context.Context, t *testing.T, c jobv1.JobServiceClient, id string) {
	t.Helper()
	waitUntil(ctx, t, "the job reports the lost majority", func() error {
		gctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		got, err := c.GetJob(gctx, &jobv1.GetJobRequest{JobId: id})
		if err != nil {
			return err
		}
		if r := got.GetJob().GetReason(); !strings.HasPrefix(r, "paused: ") {
			return fmt.Errorf("state %s, reason %q", got.GetJob().GetState(), r)
		}
		return nil
	})
}

// checkReplicas asserts every stream and bucket of the flow holds three copies.
func checkReplicas(ctx context.Context, t *testing.T, js jetstream.JetStream) {
	t.Helper()
	for _, stream := range []string{events.StreamTasks, events.StreamFacts, "KV_" + lease.Bucket, "KV_tds_jobs", "KV_tds_evolve"} {
		s, err := js.Stream(ctx, stream)
		if err != nil {
			t.Fatalf("stream %s: %v", stream, err)
		}
		if r := s.CachedInfo().Config.Replicas; r != 3 {
			t.Fatalf("stream %s has %d replicas, want 3", stream, r)
		}
	}
}

// jobWatch reads one job through the gateways.
type jobWatch struct {
	ctx context.Context
	t   *testing.T
	c   jobv1.JobServiceClient
	id  string
}

// left is what is left of the test's time.
func (w *jobWatch) left() time.Duration { return untilDeadline(w.ctx) }

// job returns the job, riding out a gateway or NATS that does not answer.
func (w *jobWatch) job() *jobv1.Job {
	w.t.Helper()
	return eventually.Value(w.t, w.left(), 100*time.Millisecond, func() (*jobv1.Job, error) {
		got, err := w.c.GetJob(w.ctx, &jobv1.GetJobRequest{JobId: w.id})
		if err != nil {
			return nil, fmt.Errorf("job %s: %w", w.id, err)
		}
		return got.GetJob(), nil
	})
}

// written waits for at least min records written, mid-job.
func (w *jobWatch) written(min int64) int64 {
	w.t.Helper()
	return eventually.Value(w.t, w.left(), 20*time.Millisecond, func() (int64, error) {
		j := w.job()
		if isTerminal(j.GetState()) {
			w.t.Fatalf("job ended (%s) with %d records written, before %d: the faults came too late", j.GetState(), j.GetProgress().GetWritten(), min)
		}
		if n := j.GetProgress().GetWritten(); n < min {
			return 0, fmt.Errorf("%d of %d records written", n, min)
		}
		return j.GetProgress().GetWritten(), nil
	})
}
