package dashboard

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/platform/grpcserver"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// ownedJobs holds jobs of one owner, as the engine does: another owner
// finds none of them.
type ownedJobs struct {
	owner   string
	jobs    map[string]*jobv1.Job
	report  *evolvev1.Report
	updates []*jobv1.Job
	// follow keeps Watch open after the updates, as for a running job.
	follow bool
	calls  int
}

func (o *ownedJobs) List(_ context.Context, owner string, _ jobv1.JobState) ([]*jobv1.Job, error) {
	o.calls++
	var out []*jobv1.Job
	if owner == o.owner {
		for _, j := range o.jobs {
			out = append(out, j)
		}
	}
	return out, nil
}

func (o *ownedJobs) Get(_ context.Context, owner, id string) (*jobv1.Job, error) {
	o.calls++
	if j, ok := o.jobs[id]; ok && owner == o.owner {
		return j, nil
	}
	return nil, status.Errorf(codes.NotFound, "no job %q (or it belongs to another token)", id)
}

func (o *ownedJobs) Watch(ctx context.Context, owner, id string, fn func(*jobv1.Job) error) error {
	if _, err := o.Get(ctx, owner, id); err != nil {
		return err
	}
	for _, j := range o.updates {
		if err := fn(j); err != nil {
			return err
		}
	}
	if o.follow {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (o *ownedJobs) Report(ctx context.Context, owner, id string) (*evolvev1.Report, error) {
	if _, err := o.Get(ctx, owner, id); err != nil {
		return nil, err
	}
	return o.report, nil
}

func (o *ownedJobs) TraceID(ctx context.Context, owner, id string) (string, error) {
	_, err := o.Get(ctx, owner, id)
	return "4bf92f3577b34da6a3ce929d0e0e4736", err
}

// conversation is an accepted record with every kind of turn: reasoning,
// parallel calls, a code step with its sandbox run, and text that must be
// escaped.
func conversation() trajectory.Record {
	return trajectory.Record{
		ID: "tr_1", JobID: "job-1", Domain: "messaging", ReasoningMode: "[u].[x].ans", CAC: 6,
		Verdict: json.RawMessage(`{"passed":true,"checks":{"schema":true,"blueprint":true,"outcome":true,"judge":true},"judge_score":0.91}`),
		Messages: []trajectory.Message{
			{Role: "system", Content: "You are a helpful assistant."},
			{Role: "user", Content: "Count my <b>unread</b> messages"},
			{Role: "assistant", ReasoningContent: "search_messages finds them.", ToolCalls: []trajectory.ToolCall{
				{ID: "call_1", Type: "function", Function: trajectory.FunctionCall{Name: "search_messages", Arguments: `{"unread":true}`}}}},
			{Role: "tool", Name: "search_messages", ToolCallID: "call_1", Content: `{"results":[{"id":"MSG-1"},{"id":"MSG-2"}]}`},
			{Role: "assistant", ToolCalls: []trajectory.ToolCall{
				{ID: "call_2", Type: "function", Function: trajectory.FunctionCall{Name: "python", Arguments: `{"code":"print(len([1, 2]))"}`}}}},
			{Role: "tool", Name: "python", ToolCallID: "call_2", Content: `{"status":"ok","exit_code":0,"stdout":"2\n","stderr":""}`},
			{Role: "assistant", Content: "You have 2 unread messages."},
		},
	}
}

// jobWithParts is a running job whose sink holds one accepted record and
// one rejected rollout.
func jobWithParts(t *testing.T) (*jobv1.Job, string) {
	dir := t.TempDir()
	parts := filepath.Join(dir, dataset.PartsDir)
	if err := os.MkdirAll(parts, 0o755); err != nil {
		t.Fatal(err)
	}
	acc, _ := json.Marshal(conversation())
	rejected := conversation()
	rejected.ID = "tr_2"
	rejected.Verdict = json.RawMessage(`{"passed":false,"checks":{"schema":true,"judge":false},"judge_score":0.1}`)
	rej, _ := json.Marshal(dataset.Rejected{TaskID: "job-1-t3", JobID: "job-1", Record: &rejected,
		Reasons: []dataset.RejectedReason{{Reason: "REJECT_REASON_JUDGE", Detail: "judge scored 0.10: the answer ignores the tool"}}})
	write := func(name string, line []byte) {
		if err := os.WriteFile(filepath.Join(parts, name), append(line, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(dataset.PartAccepted, acc)
	write(dataset.PartRejected, rej)
	job := &jobv1.Job{Id: "job-1", Spec: &jobv1.JobSpec{Name: "messages", TargetRecords: 10}, State: jobv1.JobState_JOB_STATE_RUNNING,
		OutputDir: dir, CreatedAt: timestamppb.Now(),
		Progress: &jobv1.Progress{Target: 10, Accepted: 1, Rejected: 1, Written: 1, At: timestamppb.Now(), HDom: 0.5,
			Rejections: []*evolvev1.Count{{Key: "judge", Count: 1}}}}
	return job, dir
}

func get(t *testing.T, h http.Handler, path, token string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestAPIAnswersNothingWithoutAValidToken(t *testing.T) {
	job, _ := jobWithParts(t)
	jobs := &ownedJobs{owner: string(grpcserver.PrincipalOf("tokA")), jobs: map[string]*jobv1.Job{"job-1": job}}
	h := Handler(Config{Jobs: jobs, Tokens: grpcserver.NewTokens([]string{"tokA", "tokB"})})
	paths := []string{"/dashboard/api/jobs", "/dashboard/api/jobs/job-1", "/dashboard/api/jobs/job-1/live",
		"/dashboard/api/jobs/job-1/records", "/dashboard/api/jobs/job-1/records/accepted/tr_1", "/dashboard/api/jobs/job-1/records/rejected/job-1-t3"}
	for _, p := range paths {
		for _, tok := range []string{"", "wrong"} {
			code, body := get(t, h, p, tok)
			if code != http.StatusUnauthorized || strings.Contains(body, "job-1") || strings.Contains(body, "messages") {
				t.Errorf("GET %s with token %q: %d %q, want 401 and nothing of the job", p, tok, code, body)
			}
		}
	}
	if jobs.calls != 0 {
		t.Errorf("the jobs were read %d times for callers without a valid token", jobs.calls)
	}
	// Another valid token finds no job and no record of this one.
	for _, p := range paths[1:] {
		if p == "/dashboard/api/jobs/job-1/live" {
			continue
		}
		code, body := get(t, h, p, "tokB")
		if code != http.StatusNotFound || strings.Contains(body, "messages") || strings.Contains(body, "MSG-1") {
			t.Errorf("GET %s as another token: %d %q, want 404", p, code, body)
		}
	}
	if _, body := get(t, h, "/dashboard/api/jobs", "tokB"); strings.Contains(body, "job-1") {
		t.Errorf("another token's jobs list shows the job:\n%s", body)
	}
	// The page itself holds no data and loads nothing from elsewhere.
	code, body := get(t, h, "/dashboard/", "")
	if code != http.StatusOK || strings.Contains(body, "job-1") || strings.Contains(body, "http") && !strings.Contains(body, `content="width=device-width`) {
		t.Errorf("GET /dashboard/: %d\n%s", code, body)
	}
	for _, ref := range []string{"src=\"http", "href=\"http", "//cdn"} {
		if strings.Contains(body, ref) {
			t.Errorf("the page loads %q from elsewhere", ref)
		}
	}
}

func TestRecordPageReadsAsAConversation(t *testing.T) {
	job, _ := jobWithParts(t)
	h := Handler(Config{Jobs: &ownedJobs{jobs: map[string]*jobv1.Job{"job-1": job}}})
	code, body := get(t, h, "/dashboard/api/jobs/job-1/records/accepted/tr_1", "")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	for _, want := range []string{
		`Count my &lt;b&gt;unread&lt;/b&gt; messages`,                                // the user's words, escaped
		`<details class="reasoning"><summary>Reasoning</summary>`,                    // reasoning collapsed
		`calls <b class="mono">search_messages</b>`,                                  // a call with its arguments
		`&#34;unread&#34;: true`,                                                     // arguments indented
		`<pre class="code" data-lang="python"><code>print(len([1, 2]))</code></pre>`, // a code step as code
		`exit code <b>0</b>`, `<pre class="out">2`,                                   // its sandbox run
		`judge <b>0.91</b>`, // the verification layers
		`You have 2 unread messages.`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the record page lacks %s", want)
		}
	}
	if strings.Contains(body, "<b>unread</b>") {
		t.Error("the user's text reached the page unescaped")
	}
	code, body = get(t, h, "/dashboard/api/jobs/job-1/records/rejected/job-1-t3", "")
	if code != http.StatusOK || !strings.Contains(body, `<li data-reason="judge"><b>judge</b>: judge scored 0.10: the answer ignores the tool</li>`) ||
		!strings.Contains(body, `✗</span> judge <b>0.10</b>`) {
		t.Errorf("the rejected rollout's page does not say why:\n%s", body)
	}
	if code, _ := get(t, h, "/dashboard/api/jobs/job-1/records/accepted/tr_9", ""); code != http.StatusNotFound {
		t.Errorf("a missing record: %d, want 404", code)
	}
}

func TestRecordsListSearchesAndFollowsTheFile(t *testing.T) {
	job, dir := jobWithParts(t)
	h := Handler(Config{Jobs: &ownedJobs{jobs: map[string]*jobv1.Job{"job-1": job}}})
	count := func(query string) (rows int, body string) {
		t.Helper()
		code, body := get(t, h, "/dashboard/api/jobs/job-1/records"+query, "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", query, code, body)
		}
		return strings.Count(body, "<tr data-kind="), body
	}
	for query, want := range map[string]int{"": 2, "?kind=accepted": 1, "?kind=rejected": 1, "?q=judge+ignores": 1, "?q=MESSAGING": 2, "?q=nothing-like-this": 0} {
		if got, body := count(query); got != want {
			t.Errorf("records%s: %d rows, want %d\n%s", query, got, want, body)
		}
	}
	// A row being written is not listed until its line is complete.
	rec := conversation()
	rec.ID, rec.Domain = "tr_3", "calendar"
	line, _ := json.Marshal(rec)
	f, err := os.OpenFile(filepath.Join(dir, dataset.PartsDir, dataset.PartAccepted), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	half := len(line) / 2
	if _, err := f.Write(line[:half]); err != nil {
		t.Fatal(err)
	}
	if got, _ := count("?kind=accepted"); got != 1 {
		t.Errorf("a torn row is listed: %d rows", got)
	}
	if _, err := f.Write(append(line[half:], '\n')); err != nil {
		t.Fatal(err)
	}
	if got, body := count("?q=calendar"); got != 1 || !strings.Contains(body, "tr_3") {
		t.Errorf("the appended row is not found: %d rows\n%s", got, body)
	}
	// The final files replace the parts when the dataset is written.
	written := proto.Clone(job).(*jobv1.Job)
	written.DatasetWritten = true
	final, _ := json.Marshal(conversation())
	if err := os.WriteFile(filepath.Join(dir, dataset.FileTrajectories), append(final, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	h2 := Handler(Config{Jobs: &ownedJobs{jobs: map[string]*jobv1.Job{"job-1": written}}})
	code, body := get(t, h2, "/dashboard/api/jobs/job-1/records", "")
	if code != http.StatusOK || strings.Count(body, "<tr data-kind=") != 1 {
		t.Errorf("the written dataset's records: %d\n%s", code, body)
	}
}

func TestLiveStreamsUpdatesUntilTheJobEnds(t *testing.T) {
	job, _ := jobWithParts(t)
	done := proto.Clone(job).(*jobv1.Job)
	done.State = jobv1.JobState_JOB_STATE_SUCCEEDED
	report := &evolvev1.Report{
		Curve:           []*evolvev1.Snapshot{{Accepted: 1, HDom: 0.5, HMode: 1, At: timestamppb.Now()}},
		Domains:         []*evolvev1.Count{{Key: "messaging", Count: 1}},
		Rejections:      []*evolvev1.Count{{Key: "judge", Count: 1}, {Key: "near_duplicate", Count: 2}},
		UniformBaseline: &evolvev1.Snapshot{Accepted: 1, HDom: 0.4},
	}
	h := Handler(Config{Jobs: &ownedJobs{jobs: map[string]*jobv1.Job{"job-1": job}, report: report, updates: []*jobv1.Job{job, done}}})
	code, body := get(t, h, "/dashboard/api/jobs/job-1/live", "")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	if !strings.Contains(body, "event: live\ndata: ") || !strings.HasSuffix(body, "event: end\ndata: \n\n") {
		t.Errorf("not a stream of live updates ending in end:\n%s", body)
	}
	for _, want := range []string{`data-state="succeeded"`, `id="chart-entropy"`, `H_dom of uniform sampling`, `id="chart-domains" data-bars="1"`,
		`<tr data-reason="judge">`, `href="#/jobs/job-1/records/rejected/job-1-t3"`, `<tr data-reason="near_duplicate">`, `records with a dependent call`} {
		if !strings.Contains(body, want) {
			t.Errorf("the live section lacks %s", want)
		}
	}
}

func TestLiveStreamEndsWhenTheGatewayStops(t *testing.T) {
	job, _ := jobWithParts(t)
	stop := make(chan struct{})
	h := Handler(Config{Jobs: &ownedJobs{jobs: map[string]*jobv1.Job{"job-1": job}, updates: []*jobv1.Job{job}, follow: true}, Stop: stop})
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/dashboard/api/jobs/job-1/live")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 64)
	if _, err := io.ReadAtLeast(resp.Body, first, len("event: live")); err != nil || !strings.HasPrefix(string(first), "event: live") {
		t.Fatalf("first event: %q %v", first, err)
	}
	close(stop)
	rest, err := io.ReadAll(resp.Body) // returns once the handler has ended the stream
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rest), "event: end\ndata: the gateway is stopping") {
		t.Errorf("the stream did not say why it ended:\n%s", rest)
	}
}

func TestLineChart(t *testing.T) {
	empty := string(LineChart{ID: "c", Title: "<t>"}.SVG())
	if !strings.Contains(empty, `data-points="0"`) || !strings.Contains(empty, "no data yet") || strings.Contains(empty, "<t>") {
		t.Errorf("empty chart: %s", empty)
	}
	c := string(LineChart{ID: "c", Title: "H", Series: []Series{{Name: "a", Class: "s0", Points: []Point{{0, 0}, {10, 2.5}, {20, 3}}}},
		Refs: []Ref{{Name: "base", Class: "s0", X: 20, Y: 2}}}.SVG())
	if !strings.Contains(c, `data-points="3"`) || strings.Count(c, "<polyline") != 1 || !strings.Contains(c, `a <b>3</b>`) || !strings.Contains(c, `base <b>2</b> at 20`) {
		t.Errorf("chart: %s", c)
	}
	if got := ticks(0, 3.2, 5); got[0] != 0 || got[len(got)-1] < 3.2 {
		t.Errorf("ticks(0, 3.2) = %v", got)
	}
}
