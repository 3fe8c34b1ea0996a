package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/platform/eventually"
	"github.com/tdscaling/tdscaling/platform/llm"
	"github.com/tdscaling/tdscaling/platform/llm/llmtest"
)

// chromium is Debian's Chromium, which scripts/browser installs. The
// browser tests run wherever scripts/test runs; a developer without
// Chromium opts out with TDS_BROWSER_TESTS=skip, and nothing else skips them.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("TDS_BROWSER_TESTS") == "skip" {
		t.Skip("TDS_BROWSER_TESTS=skip")
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is missing: scripts/browser installs it (apt-get install chromium); TDS_BROWSER_TESTS=skip opts out")
	return ""
}

// artifacts is where the browser tests leave their screenshots:
// $TDS_TEST_ARTIFACTS (CI keeps .tds/artifacts) or the test's temporary
// directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("TDS_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir = filepath.Join(dir, "dashboard")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// strictJudge is a judge model that fails every fourth trajectory with a
// reason, and answers at a pace that keeps a job running while the browser
// watches it: two at a time, a quarter of a second each, so the job makes
// at most eight rollouts a second and leaves the machine's cores to the
// browser (a job at full speed starved it on a loaded machine).
func strictJudge(t *testing.T) *llmtest.Server {
	fake := llmtest.New(t)
	fake.SetSlots(2)
	fake.SetLatency(250 * time.Millisecond)
	fake.Handle(func(_ llm.ChatRequest, n int) llmtest.Reply {
		if n%4 == 3 {
			return llmtest.Text(`{"score": 0.1, "reason": "The final answer does not reflect what the tools returned."}`)
		}
		return llmtest.Text(`{"score": 0.9, "reason": "Correct calls, arguments from the conversation, a grounded answer."}`)
	})
	return fake
}

// dashboardPage is a headless Chromium on the dashboard of a tds up while
// job runs, with the steps the browser tests take on it.
type dashboardPage struct {
	ctx   context.Context
	base  string // the gateway's HTTP address
	job   string // the running job's id
	row   string // the job's row in the jobs list
	shots string // where screenshots go
}

func (p *dashboardPage) do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func (p *dashboardPage) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: %v", sel, err)
	}
	return s
}

// shot writes the whole page, or what a phone's screen shows at once.
func (p *dashboardPage) shot(t *testing.T, name string) {
	t.Helper()
	take := chromedp.FullScreenshot(100)
	if strings.Contains(name, "phone") {
		take = chromedp.CaptureScreenshot()
	}
	png, err := chromedp.Run(p.ctx, take)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(p.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

func (p *dashboardPage) signIn(t *testing.T, ctx context.Context, url, token string) {
	t.Helper()
	p.do(t, ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`#token`)),
		chromedp.SendKeys(chromedp.CSS(`#token`), token),
		chromedp.Click(chromedp.CSS(`#login button[type=submit]`)),
	)
}

// hash moves within the page as a link does (a navigation to the same
// document would wait for a load that never comes).
func (p *dashboardPage) hash(t *testing.T, ctx context.Context, to string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash = `+strconv.Quote(to))); err != nil {
		t.Fatal(err)
	}
}

func (p *dashboardPage) jobsPageListsTheJob(t *testing.T) {
	p.signIn(t, p.ctx, p.base+"/dashboard/", secTokenA)
	p.do(t, p.ctx, chromedp.WaitVisible(chromedp.CSS(p.row)))
	got := p.text(t, p.row)
	for _, want := range []string{"dashboard-watch", p.job, "accepted", "rejected"} {
		if !strings.Contains(got, want) {
			t.Errorf("the job's row lacks %q:\n%s", want, got)
		}
	}
	url, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(url, secTokenA) {
		t.Errorf("the token is in the address: %s", url)
	}
	p.shot(t, "jobs.png")
}

// liveState is what the live section of a job's page shows.
type liveState struct {
	Seq, Accepted, Points int
	State                 string
}

// live reads what the live section shows now, in one go: the section is
// replaced whole at each update.
func (p *dashboardPage) live(t *testing.T) liveState {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[liveState](`(() => {
		const l = document.querySelector('#live .live');
		const n = s => parseInt(s.replace(/,/g, ''), 10) || 0;
		return {Seq: n(l.dataset.seq), State: l.dataset.state,
			Accepted: n(l.querySelector('[data-k="accepted"]').textContent),
			Points: n(l.querySelector('#chart-progress').dataset.points)};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (p *dashboardPage) jobPageUpdates(t *testing.T) {
	p.do(t, p.ctx,
		chromedp.Click(chromedp.CSS(p.row+` a`)),
		chromedp.WaitVisible(chromedp.CSS(`#live .live`)),
		chromedp.WaitVisible(chromedp.CSS(`#chart-entropy`)),
	)
	first := p.live(t)
	var now liveState
	eventually.Check(t, 30*time.Second, 300*time.Millisecond, func() error {
		if now = p.live(t); now.Seq > first.Seq && now.Accepted > first.Accepted && now.Points > first.Points {
			return nil
		}
		return fmt.Errorf("the job page did not move: %+v → %+v", first, now)
	})
	t.Logf("live section: update %d→%d, accepted %d→%d, progress curve points %d→%d", first.Seq, now.Seq, first.Accepted, now.Accepted, first.Points, now.Points)
	if now.State != "running" {
		t.Errorf("state %q, want running", now.State)
	}
	if trace := strings.TrimSpace(p.text(t, `#trace`)); len(trace) != 32 {
		t.Errorf("trace id %q, want 32 hex digits", trace)
	}
	p.shot(t, "job-running.png")
}

func (p *dashboardPage) rejectedRecordShowsReasons(t *testing.T) {
	p.hash(t, p.ctx, "#/jobs/"+p.job+"/records?kind=rejected")
	// The judge fails every fourth rollout; wait for one, reloading the
	// list as a person would.
	eventually.Check(t, 15*time.Second, 500*time.Millisecond, func() error {
		p.do(t, p.ctx, chromedp.WaitVisible(chromedp.CSS(`#matched`)))
		n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#records tr[data-kind="rejected"]').length`))
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return nil
		}
		p.do(t, p.ctx, chromedp.Reload())
		return errors.New("no rejected record listed")
	})
	p.do(t, p.ctx,
		chromedp.Click(chromedp.CSS(`#records tr[data-kind="rejected"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`#reasons li`)),
	)
	reasons := p.text(t, `#reasons`)
	if !strings.Contains(reasons, "judge") || !strings.Contains(reasons, "does not reflect what the tools returned") {
		t.Errorf("reasons do not name the judge and its reason:\n%s", reasons)
	}
	conversation := p.text(t, `.conversation`)
	for _, want := range []string{"User", "Assistant", "Tool ·", "calls"} {
		if !strings.Contains(conversation, want) {
			t.Errorf("the conversation lacks %q", want)
		}
	}
	p.shot(t, "record-rejected.png")
}

// searchCodeSteps searches the accepted records for a code step, the letter
// x of a signature, as a person would, in the search box, until one is
// listed; it checks that every record listed has one.
func (p *dashboardPage) searchCodeSteps(t *testing.T) {
	t.Helper()
	accepted := "#/jobs/" + p.job + "/records?kind=accepted"
	p.hash(t, p.ctx, accepted)
	eventually.Check(t, 30*time.Second, time.Second, func() error {
		p.do(t, p.ctx,
			chromedp.WaitVisible(chromedp.CSS(`#q`)),
			chromedp.Clear(chromedp.CSS(`#q`)),
			chromedp.SendKeys(chromedp.CSS(`#q`), "[x]"),
			chromedp.Click(chromedp.CSS(`#record-search button[type=submit]`)),
		)
		// The list answers the query once #matched says it is for "[x]".
		n, err := chromedp.Run(p.ctx, chromedp.Poll[int](`document.querySelector('#matched[data-q="[x]"]') && +document.querySelector('#matched').dataset.matched + 1`,
			chromedp.WithPollingTimeout(45*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		if n > 1 {
			return nil
		}
		p.hash(t, p.ctx, accepted)
		return errors.New("no accepted record with a code step")
	})
	sigs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#records td.sig')].map(td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range sigs {
		if !strings.Contains(sig, "[x]") {
			t.Errorf("the search for [x] listed %q", sig)
		}
	}
}

func (p *dashboardPage) codeStepShowsItsRun(t *testing.T) {
	p.searchCodeSteps(t)
	p.do(t, p.ctx,
		chromedp.Click(chromedp.CSS(`#records tr[data-kind="accepted"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`pre.code`)),
	)
	run := p.text(t, `.turn.tool .run`)
	if !strings.Contains(run, "exit code 0") || !strings.Contains(run, "stdout") {
		t.Errorf("the code step's run: %q", run)
	}
	if v := p.text(t, `#verification`); !strings.Contains(v, "judge 0.90") {
		t.Errorf("verification layers: %q", v)
	}
	p.shot(t, "record-code.png")
}

// tabToTheJob presses Tab until the job's link has the focus, and Enter.
func (p *dashboardPage) tabToTheJob(t *testing.T) {
	t.Helper()
	link := fmt.Sprintf(`a[href="#/jobs/%s"]`, p.job)
	focused := false
	for range 20 {
		p.do(t, p.ctx, chromedp.KeyEvent("\t"))
		on, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.activeElement.matches(`+strconv.Quote(link)+`)`))
		if err != nil {
			t.Fatal(err)
		}
		if focused = on; focused {
			break
		}
	}
	if !focused {
		t.Fatal("20 presses of Tab did not reach the job's link")
	}
	p.do(t, p.ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`#live .live`)))
}

func (p *dashboardPage) keyboardAndPhone(t *testing.T) {
	p.hash(t, p.ctx, "#/")
	p.do(t, p.ctx, chromedp.WaitVisible(chromedp.CSS(p.row)))
	p.tabToTheJob(t)

	// At a phone's width nothing is cut off: the page does not scroll
	// sideways, and the counters and tables stay on screen.
	p.do(t, p.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	defer p.do(t, p.ctx, chromedp.EmulateViewport(1280, 900))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`window.innerWidth === 390`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the page never took a phone's width: %v", err)
	}
	// Each page is measured once it shows what only it shows: the counters,
	// the job's row, the rejected records.
	for _, page := range []struct{ hash, shows string }{
		{"#/jobs/" + p.job, `#live .counters`},
		{"#/", p.row},
		{"#/jobs/" + p.job + "/records?kind=rejected", `#records tr[data-kind="rejected"]`},
	} {
		p.hash(t, p.ctx, page.hash)
		p.do(t, p.ctx, chromedp.WaitVisible(chromedp.CSS(page.shows)))
		wide, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if wide > 0 {
			t.Errorf("%s is %dpx wider than a phone's screen", page.hash, wide)
		}
		if page.hash == "#/jobs/"+p.job {
			p.shot(t, "job-phone.png")
		}
	}
}

// checkTokenSeesNothing signs in with token in a new tab (empty session
// storage) and checks the page says want and names nothing of the job.
func (p *dashboardPage) checkTokenSeesNothing(t *testing.T, token, want string) {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(p.ctx)
	defer cancelTab()
	p.signIn(t, tab, p.base+"/dashboard/#/jobs/"+p.job, token)
	first, err := chromedp.Run(tab, chromedp.Poll[string](`document.querySelector('#login-error').textContent || (document.querySelector('main h1') || {}).textContent || ''`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("token %s: %v", token, err)
	}
	p.hash(t, tab, "#/")
	body, err := chromedp.Run(tab, chromedp.Poll[string](`document.body.innerText.includes(`+strconv.Quote(want)+`) && document.body.innerText`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("token %s: %v", token, err)
	}
	for _, secret := range []string{p.job, "dashboard-watch"} {
		if strings.Contains(body, secret) || strings.Contains(first, secret) {
			t.Errorf("token %s sees %q:\n%s\n%s", token, secret, first, body)
		}
	}
	t.Logf("token %s: %q, then %q", token, first, strings.Join(strings.Fields(body), " "))
}

func (p *dashboardPage) otherTokensSeeNothing(t *testing.T) {
	p.checkTokenSeesNothing(t, "wrong-token", "unknown bearer token")
	p.checkTokenSeesNothing(t, secTokenB, "No jobs for this token")
}

// startWatchedJob starts tds up with tokens and the strict judge over a copy
// of the example corpus, and a long job of secTokenA's on it; it returns the
// gateway's HTTP address and the job's id. tds up is a process of its own
// built without the race detector: the dashboard's code is raced in its
// own package's tests, and a suite slowed five to ten times by the
// detector, on the cores the browser needs, made this test a measure of
// the machine's load.
func startWatchedJob(t *testing.T) (base, job string) {
	t.Helper()
	judge := strictJudge(t)
	corpora := t.TempDir()
	corpus, err := os.ReadFile(exampleCorpus)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpora, "tools.jsonl"), corpus, 0o644); err != nil {
		t.Fatal(err)
	}
	up := startUpBinary(t, plainTDS(t), "--sandbox.host_id_base=600000", "--corpus.roots="+corpora,
		"--agent.rollout.judge=true", "--agent.llm.judge.provider=openai", "--agent.llm.judge.base_url="+judge.URL, "--agent.llm.judge.model=strict")
	base = up.endpoints["gateway http"]
	if base == "" {
		t.Fatalf("no HTTP address in %v", up.endpoints)
	}
	if !strings.Contains(up.stdout.String(), base+"/dashboard/") {
		t.Errorf("tds up did not print the dashboard's address:\n%s", up.stdout.String())
	}
	jobs := jobv1.NewJobServiceClient(dial(t, up.endpoints["gateway"], ""))
	created, err := jobs.CreateJob(asToken(secTokenA), &jobv1.CreateJobRequest{Spec: &jobv1.JobSpec{
		Name: "dashboard-watch", Corpus: byPath(filepath.Join(corpora, "tools.jsonl")), TargetRecords: 5000, Seed: 7,
	}})
	if err != nil {
		t.Fatal(err)
	}
	job = created.GetJob().GetId()
	t.Cleanup(func() { _, _ = jobs.CancelJob(asToken(secTokenA), &jobv1.CancelJobRequest{JobId: job}) })
	return base, job
}

// TestDashboardInBrowser drives the dashboard of a real tds up (tokens on,
// a judge that rejects some rollouts) in headless Chromium while a job
// runs: the jobs page lists the job, its page's counters and curves move as
// records arrive, a rejected record opens with its reasons, and another
// token, or a wrong one, sees none of it. Screenshots of the three pages
// are written to artifacts(t).
func TestDashboardInBrowser(t *testing.T) {
	exe := chromium(t)
	shots := artifacts(t)
	base, job := startWatchedJob(t)

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 900))...)
	defer cancelAlloc()
	browser, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// A bound, not the expected time: the steps take about 20 s, on a
	// loaded machine too, since tds up runs without the race detector.
	ctx, cancelTime := context.WithTimeout(browser, 6*time.Minute)
	defer cancelTime()

	p := &dashboardPage{ctx: ctx, base: base, job: job, row: fmt.Sprintf(`tr[data-job=%q]`, job), shots: shots}
	for _, step := range []struct {
		name string
		test func(*testing.T)
	}{
		{"jobs page lists the job", p.jobsPageListsTheJob},
		{"job page updates while it runs", p.jobPageUpdates},
		{"a rejected record shows its reasons", p.rejectedRecordShowsReasons},
		{"a code step shows its program and the sandbox's run", p.codeStepShowsItsRun},
		{"keyboard and a phone's width", p.keyboardAndPhone},
		{"another or a wrong token sees nothing", p.otherTokensSeeNothing},
	} {
		t.Run(step.name, step.test)
	}
}

// pausingWriter hands each write to onWrite before keeping it, so a test
// can act at the moment a line is printed, while the command waits.
type pausingWriter struct {
	buf     syncBuffer
	onWrite func(string)
}

func (w *pausingWriter) Write(p []byte) (int, error) {
	w.onWrite(string(p))
	return w.buf.Write(p)
}

// TestSynthDashboardPrintsItsAddress: tds synth --dashboard serves the
// dashboard of its embedded suite and prints the job's page, which answers
// while the job runs.
func TestSynthDashboardPrintsItsAddress(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ds")
	var page, seen string
	stderr := &pausingWriter{onWrite: func(s string) {
		line, ok := strings.CutPrefix(s, "dashboard: ")
		if !ok {
			return
		}
		seen = line
		url, _, _ := strings.Cut(line, " ")
		base, id, ok := strings.Cut(url, "/dashboard/#/jobs/")
		if !ok {
			return
		}
		resp, err := http.Get(base + "/dashboard/api/jobs/" + strings.TrimSpace(id))
		if err != nil {
			t.Errorf("GET the job's page: %v", err)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		page = fmt.Sprintf("%d %s", resp.StatusCode, b)
	}}
	var stdout bytes.Buffer
	code := run(context.Background(), []string{"synth", "--corpus", exampleCorpus, "-n", "8", "--out", out, "--dashboard", "--quiet"}, &stdout, stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.buf.String())
	}
	if !strings.HasPrefix(seen, "http://127.0.0.1:") {
		t.Fatalf("no dashboard address printed:\n%s", stderr.buf.String())
	}
	if !strings.HasPrefix(page, "200 ") || !strings.Contains(page, `id="live"`) || !strings.Contains(page, "ds") {
		t.Errorf("the printed address does not serve the job's page: %.300s", page)
	}
}
