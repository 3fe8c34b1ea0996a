package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"

	"github.com/tdscaling/tdscaling/gateway/internal/dataset"
	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// jobView is a job as the jobs list and the job page's header show it.
type jobView struct {
	ID, Name, State string
	Terminal        bool
	Target          int64
	Accepted        int64
	Written         int64
	Rejected        int64
	InFlight        int64
	Percent         float64
	Rate            string
	ETA             string
	Created         string
	Spend           []spendView
	SpendTotal      string
	Stop            string
	StopExample     string
	StopResume      string
	Reason          string
	Partial         bool
	Progress        *jobv1.Progress
}

type spendView struct {
	Role   string
	Calls  int64
	Cached int64
	Tokens int64
	Cost   string
}

func newJobView(j *jobv1.Job) jobView {
	p := j.GetProgress()
	v := jobView{ID: j.GetId(), Name: j.GetSpec().GetName(), State: stateName(j.GetState()), Target: p.GetTarget(),
		Accepted: p.GetAccepted(), Written: p.GetWritten(), Rejected: p.GetRejected(), InFlight: p.GetInFlight(),
		Partial: j.GetPartial(), Reason: j.GetReason(), Progress: p}
	if v.Name == "" {
		v.Name = v.ID
	}
	switch j.GetState() {
	case jobv1.JobState_JOB_STATE_SUCCEEDED, jobv1.JobState_JOB_STATE_FAILED, jobv1.JobState_JOB_STATE_CANCELLED, jobv1.JobState_JOB_STATE_STOPPED:
		v.Terminal = true
	}
	if v.Target == 0 {
		v.Target = j.GetSpec().GetTargetRecords()
	}
	if v.Target > 0 {
		v.Percent = math.Min(100, 100*float64(v.Accepted)/float64(v.Target))
	}
	v.Rate = "—"
	if r := p.GetRate(); r > 0 && !v.Terminal {
		v.Rate = fmt.Sprintf("%.2f/s", r)
	}
	v.ETA = "—"
	if e := p.GetEta(); e != nil && !v.Terminal && e.AsDuration() > 0 {
		v.ETA = duration(e.AsDuration())
	}
	if t := j.GetCreatedAt(); t != nil {
		v.Created = t.AsTime().UTC().Format("2006-01-02 15:04:05 UTC")
	}
	v.Spend, v.SpendTotal = spend(p.GetUsage())
	if st := j.GetStop(); st != nil && st.GetKind() != evolvev1.StopKind_STOP_KIND_UNSPECIFIED {
		v.Stop, v.StopExample, v.StopResume = st.GetReason(), st.GetExample(), st.GetResume()
	}
	if v.Stop == "" && v.Terminal {
		v.Stop = j.GetReason()
	}
	return v
}

func spend(u *llmv1.Usage) ([]spendView, string) {
	var out []spendView
	for _, role := range slices.Sorted(maps.Keys(u.GetByRole())) {
		r := u.GetByRole()[role]
		name := role
		if name == "" {
			name = "(unattributed)"
		}
		sv := spendView{Role: name, Calls: r.GetLlmCalls(), Cached: r.GetCachedCalls(), Tokens: r.GetPromptTokens() + r.GetCompletionTokens()}
		if r.GetCost() > 0 {
			sv.Cost = fmt.Sprintf("%.4f", r.GetCost())
		}
		out = append(out, sv)
	}
	total := "no model calls"
	if n := u.GetLlmCalls() + u.GetCachedCalls(); n > 0 {
		total = fmt.Sprintf("%s tokens in %d calls", thousands(u.GetPromptTokens()+u.GetCompletionTokens()), u.GetLlmCalls())
		if u.GetCost() > 0 {
			total += fmt.Sprintf(", cost %.4f", u.GetCost())
		}
	}
	return out, total
}

func stateName(s jobv1.JobState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "JOB_STATE_"))
}

func duration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%ds", int(d.Seconds()))
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// strategyName is the strategy a job's spec names, "tdscaling" when it
// leaves it to the default.
func strategyName(spec *jobv1.JobSpec) string {
	if st := spec.GetStrategy().GetStrategy(); st != evolvev1.Strategy_STRATEGY_UNSPECIFIED {
		return strings.ToLower(strings.TrimPrefix(st.String(), "STRATEGY_"))
	}
	return "tdscaling (default)"
}

// jobPage is the job page: its header and the live section.
type jobPage struct {
	Job      jobView
	Spec     *jobv1.JobSpec
	Trace    string
	TraceURL string
	Live     liveView
}

// liveView is the part of the job page that updates while the job runs.
type liveView struct {
	Seq            int
	Job            jobView
	Attempts       int64
	Charts         []LineChart
	Baseline       *evolvev1.Snapshot
	Domains        template.HTML
	Signatures     template.HTML
	Rejections     []rejectionView
	Realism        []realismView
	RealismRecords int
}

type rejectionView struct {
	Reason  string
	Count   int64
	Example string // a rejected rollout's task id, "" when none is kept (near-duplicates, dead letters)
	Detail  string
}

type realismView struct {
	Title     string
	Share     string
	Of        string
	Threshold string
	Missed    bool
	Example   string
}

func realismRows(r *evolvev1.RealismReport) []realismView {
	var out []realismView
	for _, row := range dataset.RealismRows(r) {
		s := row.Share
		v := realismView{Title: row.Title, Share: fmt.Sprintf("%.1f %%", 100*s.GetShare()), Of: fmt.Sprintf("%s / %s", thousands(s.GetNumerator()), thousands(s.GetDenominator()))}
		switch s.GetBound() {
		case "max":
			v.Threshold = fmt.Sprintf("≤ %g %%", 100*s.GetThreshold())
		case "min":
			v.Threshold = fmt.Sprintf("≥ %g %%", 100*s.GetThreshold())
		}
		v.Missed = v.Threshold != "" && !s.GetMeets()
		if e := s.GetExample(); e != nil && e.GetValue() != "" {
			v.Example = fmt.Sprintf("%q", clip(e.GetValue(), 120))
			if d := e.GetDetail(); d != "" {
				v.Example += " — " + clip(d, 120)
			}
		}
		out = append(out, v)
	}
	return out
}

// recordsPage is the searchable list of a job's records.
type recordsPage struct {
	Job                   jobView
	Query                 query
	Rows                  []row
	Matched, Total        int
	Page, Pages, From, To int
}

// recordPage is one record as a person reads it.
type recordPage struct {
	Job         jobView
	Kind        string
	ID          string
	Reasons     []reasonView
	Corrections int32
	HasRecord   bool
	Domain      string
	Signature   string
	CAC         float64
	Cluster     string
	Blueprint   string
	Verdict     string
	Layers      []layer
	Models      []string
	System      string
	Tools       []toolView
	Turns       []turnView
	Usage       string
}

type reasonView struct{ Name, Detail, CallID string }

type toolView struct {
	Name, Description string
	Parameters        string
}

// turnView is one message of the conversation.
type turnView struct {
	Role      string // user, assistant, tool
	Who       string
	Text      string
	Reasoning string
	Calls     []callView
	// A tool's answer: JSON pretty-printed, or a code tool's run.
	Output  string
	Sandbox *sandboxView
	CallID  string
}

type callView struct {
	ID, Name  string
	Arguments string
	// Code is a code tool's program, shown as code rather than JSON.
	Code     string
	Language string
}

// sandboxView is a code tool's run as the sandbox reported it.
type sandboxView struct {
	Status   string
	ExitCode int
	Stdout   string
	Stderr   string
}

func (p *recordPage) fill(rec trajectory.Record) {
	p.HasRecord = true
	p.Domain, p.Signature, p.CAC, p.Cluster, p.Blueprint = rec.Domain, rec.ReasoningMode, rec.CAC, rec.ClusterID, rec.BlueprintID
	v, layers := parseVerdict(rec.Verdict)
	p.Layers = layers
	if layers != nil {
		p.Verdict = "failed"
		if v.Passed {
			p.Verdict = "passed"
		}
	}
	var prov struct {
		Models map[string]string `json:"models"`
		Seed   int64             `json:"seed"`
	}
	_ = json.Unmarshal(rec.Provenance, &prov)
	for _, role := range slices.Sorted(maps.Keys(prov.Models)) {
		p.Models = append(p.Models, role+": "+prov.Models[role])
	}
	var usage struct {
		Prompt     int64 `json:"prompt_tokens"`
		Completion int64 `json:"completion_tokens"`
		Calls      int64 `json:"llm_calls"`
	}
	if json.Unmarshal(rec.Usage, &usage) == nil && usage.Calls > 0 {
		p.Usage = fmt.Sprintf("%s prompt + %s completion tokens in %d calls", thousands(usage.Prompt), thousands(usage.Completion), usage.Calls)
	}
	for _, t := range rec.Tools {
		p.Tools = append(p.Tools, toolView{Name: t.Function.Name, Description: t.Function.Description, Parameters: pretty(string(t.Function.Parameters))})
	}
	callNames := map[string]string{}
	for _, m := range rec.Messages {
		switch m.Role {
		case "system":
			p.System = m.Content
			continue
		case "user":
			p.Turns = append(p.Turns, turnView{Role: "user", Who: "User", Text: m.Content})
		case "assistant":
			t := turnView{Role: "assistant", Who: "Assistant", Text: m.Content, Reasoning: m.ReasoningContent}
			for _, c := range m.ToolCalls {
				callNames[c.ID] = c.Function.Name
				cv := callView{ID: c.ID, Name: c.Function.Name, Arguments: pretty(c.Function.Arguments)}
				if trajectory.CodeTools[c.Function.Name] {
					var args map[string]any
					if json.Unmarshal([]byte(c.Function.Arguments), &args) == nil {
						for _, key := range []string{"code", "query", "command", "script"} {
							if s, ok := args[key].(string); ok {
								cv.Code, cv.Language = s, c.Function.Name
								break
							}
						}
					}
				}
				t.Calls = append(t.Calls, cv)
			}
			p.Turns = append(p.Turns, t)
		case "tool":
			name := m.Name
			if name == "" {
				name = callNames[m.ToolCallID]
			}
			t := turnView{Role: "tool", Who: name, CallID: m.ToolCallID}
			if trajectory.CodeTools[name] {
				var run struct {
					Status   string `json:"status"`
					ExitCode *int   `json:"exit_code"`
					Stdout   string `json:"stdout"`
					Stderr   string `json:"stderr"`
				}
				if json.Unmarshal([]byte(m.Content), &run) == nil && run.ExitCode != nil {
					t.Sandbox = &sandboxView{Status: run.Status, ExitCode: *run.ExitCode, Stdout: run.Stdout, Stderr: run.Stderr}
				}
			}
			if t.Sandbox == nil {
				t.Output = pretty(m.Content)
			}
			p.Turns = append(p.Turns, t)
		default:
			p.Turns = append(p.Turns, turnView{Role: "other", Who: m.Role, Text: m.Content})
		}
	}
}

// pretty indents JSON text; anything else is returned as it is.
func pretty(s string) string {
	var b bytes.Buffer
	if json.Indent(&b, []byte(s), "", "  ") == nil {
		return b.String()
	}
	return s
}

var funcs = template.FuncMap{
	"thousands": func(v any) string {
		switch n := v.(type) {
		case int:
			return thousands(int64(n))
		case int32:
			return thousands(int64(n))
		case int64:
			return thousands(n)
		}
		return fmt.Sprint(v)
	},
	"bits":     func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"num":      func(f float64) string { return tickLabel(f) },
	"pct":      func(f float64) string { return fmt.Sprintf("%.1f %%", 100*f) },
	"pct100":   func(f float64) string { return fmt.Sprintf("%.0f", f) },
	"svg":      func(c LineChart) template.HTML { return c.SVG() },
	"add":      func(a, b int) int { return a + b },
	"sub":      func(a, b int) int { return a - b },
	"join":     strings.Join,
	"clip":     clip,
	"strategy": strategyName,
}
