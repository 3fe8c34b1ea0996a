package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	jobv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/job/v1"
	llmv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/llm/v1"
)

// Progress modes.
const (
	progressAuto  = "auto"  // a bar on a terminal, a line every few seconds elsewhere
	progressQuiet = "quiet" // nothing until the end
	progressJSON  = "json"  // one JSON object per line (WatchJobResponse), for scripts
)

// progressLineEvery is how often a line is written when the output is not a
// terminal (logs, CI, pipes).
const progressLineEvery = 5 * time.Second

// progressBar draws progress on a terminal, or writes a line every few
// seconds (and on every change of state) elsewhere.
type progressBar struct {
	w      io.Writer
	target int64
	mode   string
	tty    bool
	every  time.Duration
	now    func() time.Time
	last   time.Time
	state  jobv1.JobState
	drawn  bool
	// pending is the latest update not yet written (non-terminal output),
	// written by done so the last figures are never lost.
	pending *jobv1.WatchJobResponse
}

func newProgressBar(w io.Writer, target int64) *progressBar {
	return newProgress(w, target, progressAuto)
}

func newProgress(w io.Writer, target int64, mode string) *progressBar {
	return &progressBar{w: w, target: target, mode: mode, tty: isTTY(w), every: progressLineEvery, now: time.Now}
}

func isTTY(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (b *progressBar) update(m *jobv1.WatchJobResponse) {
	switch b.mode {
	case progressQuiet:
		return
	case progressJSON:
		line, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(m)
		if err == nil {
			fmt.Fprintln(b.w, string(line))
		}
		return
	}
	if b.tty {
		frac := b.fraction(m)
		const width = 24
		filled := int(frac * width)
		fmt.Fprintf(b.w, "\r\x1b[K[%s%s] %3.0f%% %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), 100*frac, b.line(m, false))
		b.drawn = true
		return
	}
	t := b.now()
	if b.last.IsZero() || m.GetState() != b.state || t.Sub(b.last) >= b.every {
		b.write(m, t)
		return
	}
	b.pending = m
}

func (b *progressBar) write(m *jobv1.WatchJobResponse, t time.Time) {
	b.last, b.state, b.pending = t, m.GetState(), nil
	fmt.Fprintf(b.w, "%s %3.0f%% %s\n", t.UTC().Format("15:04:05"), 100*b.fraction(m), b.line(m, true))
}

func (b *progressBar) fraction(m *jobv1.WatchJobResponse) float64 {
	if b.target <= 0 {
		return 0
	}
	return min(float64(max(m.GetProgress().GetWritten(), 0))/float64(b.target), 1)
}

// line is one update in words: counts, rate, ETA, rejections (by reason
// when long), model usage, diversity.
func (b *progressBar) line(m *jobv1.WatchJobResponse, reasons bool) string {
	p := m.GetProgress()
	done := max(p.GetWritten(), 0)
	eta := "?"
	if d := p.GetEta().AsDuration(); p.GetEta() != nil && d > 0 {
		eta = d.Round(time.Second).String()
	} else if done >= b.target {
		eta = "0s"
	}
	rejected := fmt.Sprintf("rejected %d", p.GetRejected())
	if reasons && len(p.GetRejections()) > 0 {
		var parts []string
		for i, c := range p.GetRejections() {
			if i == 3 {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, fmt.Sprintf("%s %d", c.GetKey(), c.GetCount()))
		}
		rejected += " (" + strings.Join(parts, ", ") + ")"
	}
	line := fmt.Sprintf("%s %d/%d  %.1f rec/s  ETA %s  %s  in flight %d", stateWord(m.GetState()), done, b.target, p.GetRate(), eta, rejected, p.GetInFlight())
	if u := usageShort(p.GetUsage()); u != "" {
		line += "  " + u
		if reasons {
			line += callsByRole(p.GetUsage())
		}
	}
	return line + fmt.Sprintf("  H_dom %.2f  H_mode %.2f  H_req %.2f  CAC %.1f", p.GetHDom(), p.GetHMode(), p.GetHRequest(), p.GetCacMean())
}

func (b *progressBar) done() {
	if b.tty && b.drawn && b.mode == progressAuto {
		fmt.Fprintln(b.w)
	}
	if b.pending != nil && !b.tty && b.mode == progressAuto {
		b.write(b.pending, b.now())
	}
}

// callsByRole is " (planner 30, assistant 10)": each role's calls, most
// first, or "" when the usage has no roles.
func callsByRole(u *llmv1.Usage) string {
	roles := slices.Collect(maps.Keys(u.GetByRole()))
	if len(roles) == 0 {
		return ""
	}
	slices.SortFunc(roles, func(a, b string) int {
		if d := cmp.Compare(u.GetByRole()[b].GetLlmCalls(), u.GetByRole()[a].GetLlmCalls()); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = fmt.Sprintf("%s %d", r, u.GetByRole()[r].GetLlmCalls())
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
