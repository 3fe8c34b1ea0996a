// Command agent measures the agent service's rollouts through its
// in-process handler (agent.NewLocal, the path tds synth and the evolve
// experiment use):
//
//  1. sim: every role played by the built-in sim provider — trajectories
//     per second and CPU per trajectory (getrusage, user + system), over
//     blueprints drafted in advance for random targets on the shop cluster;
//
//  2. llm: every role (user simulator, assistant, tool simulator, judge)
//     played through an OpenAI-compatible fake server (llmtest) that
//     answers after a fixed latency, with the endpoint's concurrency capped
//     at --concurrency: the share of those slots kept busy (the
//     time-integral of LLM calls in flight, measured at the HTTP client,
//     over concurrency × wall time), trajectories per second and CPU per
//     trajectory. The fake server replays the sim rollouts' turns (keyed by
//     the seed every role sends), so each trajectory is a real, verified
//     rollout of its blueprint; the bench checks that it reproduces the sim
//     record's structure.
//
//     go run ./bench/agent [--n 2000] [--llm-n 1000] [--latency 200ms] [--concurrency 64]
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	agentv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/agent/v1"
	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
	clusterv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/cluster/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
	"github.com/tdscaling/tdscaling/platform/trajectory"
	"github.com/tdscaling/tdscaling/services/agent"
	"github.com/tdscaling/tdscaling/services/blueprint"
)

// verbose prints every rejected rollout's reasons.
var verbose bool

//go:embed shop.json
var shopJSON []byte

func main() {
	n := flag.Int("n", 2000, "sim rollouts")
	llmN := flag.Int("llm-n", 1000, "rollouts through the fake server")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "goroutines for the sim rollouts")
	latency := flag.Duration("latency", 200*time.Millisecond, "fake server latency per call")
	concurrency := flag.Int("concurrency", 64, "LLM calls in flight allowed (the endpoint's max_concurrency)")
	inflight := flag.Int("rollouts", 0, "rollouts in flight in the llm measurement (default 2 × concurrency)")
	flag.BoolVar(&verbose, "verbose", false, "print every rejected rollout's reasons")
	corpus := flag.String("corpus", "", "a corpus file (our JSON Lines format, e.g. ../shared/corpora/bfcl_multiturn.jsonl): draft over its clusters, built by the cluster service in this process, instead of the shop cluster")
	flag.Parse()
	if *inflight <= 0 {
		*inflight = 2 * *concurrency
	}
	if err := run(*corpus, *n, *llmN, *workers, *latency, *concurrency, *inflight); err != nil {
		fmt.Fprintln(os.Stderr, "bench/agent:", err)
		os.Exit(1)
	}
}

// The primitives drawn for targets. The code step is left out: it needs a
// sandbox, which bench/sandbox measures.
var primitives = []blueprintv1.ReasoningPrimitive{1, 2, 3, 4, 5, 6, 7, 9, 10}

type task struct {
	seed    int64
	bp      *blueprintv1.Blueprint
	cluster *clusterv1.Cluster
}

// draft plans n blueprints for random targets on random clusters.
func draft(clusters []*clusterv1.Cluster, n int) ([]task, error) {
	svc, closeFn, err := blueprint.NewLocal(blueprint.LocalOptions{})
	if err != nil {
		return nil, err
	}
	defer closeFn()
	var out []task
	for seed := int64(1); len(out) < n && seed < int64(20*n); seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		cluster := clusters[r.IntN(len(clusters))]
		var ps []blueprintv1.ReasoningPrimitive
		for _, i := range r.Perm(len(primitives))[:1+r.IntN(3)] {
			ps = append(ps, primitives[i])
		}
		resp, err := svc.DraftBlueprint(context.Background(), &blueprintv1.DraftBlueprintRequest{
			ClusterRef: &blueprintv1.DraftBlueprintRequest_Cluster{Cluster: cluster},
			Target:     &blueprintv1.Target{Primitives: ps, Complexity: int32(r.IntN(8))}, Seed: seed,
		})
		if err != nil {
			continue // a target the cluster cannot realise
		}
		out = append(out, task{seed, resp.GetBlueprint(), cluster})
	}
	return out, nil
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runAll rolls every task out from workers goroutines.
func runAll(svc agentv1.AgentServiceServer, tasks []task, workers int) ([]*agentv1.RolloutResult, time.Duration, time.Duration, error) {
	out := make([]*agentv1.RolloutResult, len(tasks))
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	cpu0, start := cpuTime(), time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) {
					return
				}
				resp, err := svc.Rollout(context.Background(), &agentv1.RolloutRequest{Blueprint: tasks[i].bp, Tools: tasks[i].cluster.GetTools(), Seed: tasks[i].seed})
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				out[i] = resp.GetResult()
			}
		})
	}
	wg.Wait()
	return out, time.Since(start), cpuTime() - cpu0, firstErr
}

func summary(res []*agentv1.RolloutResult) (accepted int, hMode float64, distinct int) {
	counts := map[string]int{}
	for _, r := range res {
		if r.GetPassed() {
			accepted++
			counts[r.GetRecord().GetReasoningMode()]++
		}
	}
	return accepted, trajectory.Entropy(counts), len(counts)
}

func run(corpus string, n, llmN, workers int, latency time.Duration, concurrency, inflight int) error {
	var shop clusterv1.Cluster
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(shopJSON, &shop); err != nil {
		return err
	}
	clusters := []*clusterv1.Cluster{&shop}
	where := "the shop cluster (6 tools)"
	if corpus != "" {
		cs, err := corpusClusters(context.Background(), corpus)
		if err != nil {
			return fmt.Errorf("--corpus: %w", err)
		}
		clusters = cs
		where = fmt.Sprintf("%d clusters of %s", len(cs), corpus)
	}
	tasks, err := draft(clusters, max(n, llmN))
	if err != nil {
		return err
	}
	domains := map[string]int{}
	for _, t := range tasks {
		domains[t.bp.GetDomain()]++
	}
	fmt.Printf("machine: %s/%s, GOMAXPROCS %d; %d blueprints drafted in advance on %s (%d domains), random 1–3 primitives of %d, complexity 0–7\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), len(tasks), where, len(domains), len(primitives))

	simSvc, closeFn, err := agent.NewLocal(agent.LocalOptions{})
	if err != nil {
		return err
	}
	defer closeFn()
	simTasks := tasks[:min(n, len(tasks))]
	simRes, wall, cpu, err := runAll(simSvc, simTasks, workers)
	if err != nil {
		return err
	}
	acc, h, distinct := summary(simRes)
	if verbose {
		for i, r := range simRes {
			if !r.GetPassed() {
				fmt.Println("sim rejected", tasks[i].seed, r.GetRecord().GetReasoningMode(), r.GetRejections())
			}
		}
	}
	fmt.Printf("sim provider, %d rollouts on %d goroutines:\n", len(simTasks), workers)
	fmt.Printf("  %8.0f trajectories/s   %8.1f µs CPU per trajectory   accepted %d/%d   %d distinct signatures, H_mode %.2f bits\n\n",
		float64(len(simTasks))/wall.Seconds(), float64(cpu.Microseconds())/float64(len(simTasks)), acc, len(simTasks), distinct, h)

	// The llm measurement replays the sim turns of the first llmN tasks.
	llmTasks := tasks[:min(llmN, len(tasks))]
	var replayRes []*agentv1.RolloutResult
	if llmN <= len(simRes) {
		replayRes = simRes[:len(llmTasks)]
	} else if replayRes, _, _, err = runAll(simSvc, llmTasks, workers); err != nil {
		return err
	}
	rp := newReplay(llmTasks, replayRes)
	srv := llmtest.Start()
	defer srv.Close()
	srv.SetLatency(latency)
	srv.Handle(rp.handle)
	meter := &meter{base: &http.Transport{MaxIdleConnsPerHost: 4 * concurrency, MaxConnsPerHost: 0}}
	ep := llm.Endpoint{Provider: llm.ProviderOpenAI, BaseURL: srv.URL, Model: "fake", MaxConcurrency: concurrency, MaxRetries: -1}
	roles := map[llm.Role]llm.Endpoint{llm.RoleUserSimulator: ep, llm.RoleAssistant: ep, llm.RoleToolSimulator: ep, llm.RoleJudge: ep}
	llmSvc, closeLLM, err := agent.NewLocal(agent.LocalOptions{Roles: roles, HTTPClient: &http.Client{Transport: meter}})
	if err != nil {
		return err
	}
	defer closeLLM()
	meter.start()
	llmRes, wall, cpu, err := runAll(llmSvc, llmTasks, inflight)
	busy := meter.stop()
	if err != nil {
		return err
	}
	acc, _, _ = summary(llmRes)
	same, calls := 0, int64(0)
	for i, r := range llmRes {
		calls += r.GetUsage().GetLlmCalls()
		if r.GetRecord().GetReasoningMode() == replayRes[i].GetRecord().GetReasoningMode() && r.GetPassed() == replayRes[i].GetPassed() {
			same++
		} else if verbose {
			fmt.Println("llm rollout differs from its sim rollout: seed", tasks[i].seed, r.GetRecord().GetReasoningMode(), replayRes[i].GetRecord().GetReasoningMode(), r.GetRejections(), replayRes[i].GetRejections())
		}
	}
	fmt.Printf("every role through a fake OpenAI-compatible server, %s latency, max_concurrency %d, %d rollouts in flight, %d rollouts:\n", latency, concurrency, inflight, len(llmTasks))
	fmt.Printf("  slots busy %.1f%%   %d LLM calls (%.1f per trajectory)   %.1f trajectories/s   %.1f µs CPU per trajectory   accepted %d/%d   structure as the sim rollout: %d/%d\n",
		100*busy.Seconds()/(float64(concurrency)*wall.Seconds()), calls, float64(calls)/float64(len(llmTasks)),
		float64(len(llmTasks))/wall.Seconds(), float64(cpu.Microseconds())/float64(len(llmTasks)), acc, len(llmTasks), same, len(llmTasks))
	fmt.Printf("  ceiling for this load: %d slots × 1/%s = %.0f calls/s; measured %.0f calls/s\n", concurrency, latency, float64(concurrency)/latency.Seconds(), float64(calls)/wall.Seconds())
	return nil
}

// meter is an HTTP transport that integrates the requests in flight over time.
type meter struct {
	base     http.RoundTripper
	mu       sync.Mutex
	inFlight int
	last     time.Time
	integral time.Duration
	on       bool
}

func (m *meter) step(d int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if m.on {
		m.integral += time.Duration(m.inFlight) * now.Sub(m.last)
	}
	m.last = now
	m.inFlight += d
}

func (m *meter) start() { m.mu.Lock(); m.on, m.last, m.integral = true, time.Now(), 0; m.mu.Unlock() }

func (m *meter) stop() time.Duration {
	m.step(0)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.on = false
	return m.integral
}

// RoundTrip counts a request in flight until its response arrives (the
// fake server writes its response after the latency).
func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	m.step(1)
	defer m.step(-1)
	return m.base.RoundTrip(r)
}

// replay answers each role's calls with the turns of the sim rollout of
// the same seed.
type replay struct {
	mu        sync.Mutex
	assistant map[int64][]llm.Message
	user      map[int64][]string
	userNext  map[int64]int
	tools     map[string]string // seed, tool, arguments -> result
}

func newReplay(tasks []task, res []*agentv1.RolloutResult) *replay {
	rp := &replay{assistant: map[int64][]llm.Message{}, user: map[int64][]string{}, userNext: map[int64]int{}, tools: map[string]string{}}
	for i, r := range res {
		seed := tasks[i].seed
		args := map[string]string{}
		for _, m := range r.GetRecord().GetMessages() {
			switch m.GetRole() {
			case "user":
				rp.user[seed] = append(rp.user[seed], m.GetContent())
			case "assistant":
				msg := llm.Message{Role: "assistant", Content: m.GetContent()}
				for _, c := range m.GetToolCalls() {
					msg.ToolCalls = append(msg.ToolCalls, llm.ToolCall{ID: c.GetId(), Type: "function", Function: llm.FunctionCall{Name: c.GetFunction().GetName(), Arguments: c.GetFunction().GetArguments()}})
					args[c.GetId()] = c.GetFunction().GetName() + "\x00" + c.GetFunction().GetArguments()
				}
				rp.assistant[seed] = append(rp.assistant[seed], msg)
			case "tool":
				// The world asks the tool simulator once per request (later
				// repeats come from its cache) and never for a planned
				// failure: keep the first successful result of each request.
				key := strconv.FormatInt(seed, 10) + "\x00" + args[m.GetToolCallId()]
				if _, ok := rp.tools[key]; !ok && !strings.HasPrefix(m.GetContent(), `{"error":`) {
					rp.tools[key] = m.GetContent()
				}
			}
		}
	}
	return rp
}

var toolLine = regexp.MustCompile(`(?m)^Tool: (.*)$`)
var argsLine = regexp.MustCompile(`(?m)^Arguments: (.*)$`)

func (rp *replay) handle(req llm.ChatRequest, _ int) llmtest.Reply {
	if req.Seed == nil {
		return llmtest.Status(400)
	}
	seed := *req.Seed
	last := req.Messages[len(req.Messages)-1].Content
	switch {
	case len(req.Tools) > 0:
		k := 0
		for _, m := range req.Messages {
			if m.Role == "assistant" {
				k++
			}
		}
		turns := rp.assistant[seed]
		if k >= len(turns) {
			return llmtest.Text("(no more turns)")
		}
		return llmtest.Reply{Content: turns[k].Content, ToolCalls: turns[k].ToolCalls}
	case req.ResponseFormat != nil && strings.HasPrefix(last, "Tool: "):
		tool := toolLine.FindStringSubmatch(last)
		args := argsLine.FindStringSubmatch(last)
		if tool == nil || args == nil {
			return llmtest.Status(400)
		}
		out, ok := rp.tools[strconv.FormatInt(seed, 10)+"\x00"+tool[1]+"\x00"+args[1]]
		if !ok {
			return llmtest.Text(`{}`)
		}
		return llmtest.Text(out)
	case req.ResponseFormat != nil:
		raw, _ := json.Marshal(map[string]any{"score": 1, "reason": "replayed"})
		return llmtest.Text(string(raw))
	default:
		rp.mu.Lock()
		k := rp.userNext[seed]
		rp.userNext[seed]++
		rp.mu.Unlock()
		if us := rp.user[seed]; k < len(us) {
			return llmtest.Text(us[k])
		}
		return llmtest.Text("thanks")
	}
}
