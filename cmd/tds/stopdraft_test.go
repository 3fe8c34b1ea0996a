package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
)

// stallingPlanner is an OpenAI-compatible planner that writes no valid
// plan. The first fast drafts (told apart by their first user message) are
// answered at once in every round; any other draft gets its first round
// answered and then waits in its second until its caller goes away.
type stallingPlanner struct {
	fast int

	mu       sync.Mutex
	drafts   map[string]int // draft → its order of arrival
	served   int64          // completions answered
	rounds   map[string]int // draft → the highest round asked
	waiting  int            // requests waiting now
	aborted  []time.Time    // when each waiting request's caller went away
	released chan struct{}
}

func newStallingPlanner(t *testing.T, fast int) (*stallingPlanner, string) {
	p := &stallingPlanner{fast: fast, drafts: map[string]int{}, rounds: map[string]int{}, released: make(chan struct{})}
	srv := httptest.NewServer(p)
	t.Cleanup(func() { close(p.released); srv.Close() })
	return p, srv.URL + "/v1"
}

func (p *stallingPlanner) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" {
		w.WriteHeader(http.StatusOK) // GET /models: the server is up
		return
	}
	var req struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) < 2 {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	draft, round := req.Messages[1].Content, len(req.Messages)/2
	p.mu.Lock()
	order, ok := p.drafts[draft]
	if !ok {
		order = len(p.drafts)
		p.drafts[draft] = order
	}
	p.rounds[draft] = max(p.rounds[draft], round)
	stall := order >= p.fast && round >= 2
	if stall {
		p.waiting++
	}
	p.mu.Unlock()
	if stall {
		select {
		case <-r.Context().Done():
			p.mu.Lock()
			p.waiting--
			p.aborted = append(p.aborted, time.Now())
			p.mu.Unlock()
		case <-p.released:
		}
		return
	}
	p.mu.Lock()
	p.served++
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"id":"c","object":"chat.completion","model":"bad","choices":[{"index":0,"message":{"role":"assistant","content":"I am sorry, I cannot plan that."},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}`)
}

// TestSynthStopEndsThePlannersDraftsMidway: the breaker stops a job while
// drafts are waiting on the planner model in their second round. The stop
// reaches those calls: each is abandoned before the job's dataset is
// written, no draft asks the model again, and the job's usage still counts
// every completion the server answered, those of the abandoned drafts' first
// rounds included.
func TestSynthStopEndsThePlannersDraftsMidway(t *testing.T) {
	planner, url := newStallingPlanner(t, 2)
	out := filepath.Join(t.TempDir(), "ds")
	code, stdout, stderr := runTDS(t, "synth", "--corpus", exampleCorpus, "-n", "20", "--out", out, "--json",
		"--window", "6", "--breaker-streak", "2",
		"--blueprint.llm.planner.provider=openai", "--blueprint.llm.planner.base_url="+url, "--blueprint.llm.planner.model=bad",
		"--blueprint.llm.planner.max_retries=0")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stopped)\n%s", code, stderr)
	}
	job := lastJobJSON(t, stdout)
	if k := job.GetStop().GetKind(); k != evolvev1.StopKind_STOP_KIND_BREAKER_SAME_FAILURE {
		t.Fatalf("stop %v, want the breaker's streak", job.GetStop())
	}
	planner.mu.Lock()
	defer planner.mu.Unlock()
	if len(planner.aborted) == 0 || planner.waiting != 0 {
		t.Fatalf("%d drafts abandoned, %d still waiting: the stop did not reach the planner's calls", len(planner.aborted), planner.waiting)
	}
	finished := job.GetFinishedAt().AsTime()
	for _, at := range planner.aborted {
		if at.After(finished) {
			t.Errorf("a planner call was abandoned at %v, after the job finished at %v: by the suite's exit, not by the stop", at, finished)
		}
	}
	for draft, round := range planner.rounds {
		if planner.drafts[draft] >= planner.fast && round > 2 {
			t.Errorf("a stopped draft asked the model again (round %d)", round)
		}
	}
	u := job.GetProgress().GetUsage().GetByRole()["planner"]
	if u.GetLlmCalls() != planner.served || u.GetPromptTokens() != 10*planner.served {
		t.Errorf("the job counts %d planner calls (%d prompt tokens); the server answered %d", u.GetLlmCalls(), u.GetPromptTokens(), planner.served)
	}
}
