package dataset

import (
	"fmt"
	"io"
	"strings"

	evolvev1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/evolve/v1"
)

// RealismRow is one share of the realism report with the words the card
// (and the dashboard) use for it.
type RealismRow struct {
	Title string
	Share *evolvev1.RealismShare
}

// RealismRows are the realism report's shares in the card's order.
func RealismRows(r *evolvev1.RealismReport) []RealismRow {
	return []RealismRow{
		{"placeholder-shaped argument values", r.GetPlaceholderArguments()},
		{"placeholder-shaped output values", r.GetPlaceholderOutputs()},
		{"outputs with only generic keys", r.GetGenericOutputs()},
		{"argument values shaped like the description's example", r.GetExampleShape()},
		{"argument values conforming to a named format", r.GetFormat()},
		{"argument values found nowhere earlier in the conversation", r.GetUngroundedArguments()},
		{"failing calls whose cause is invented", r.GetInventedFailures()},
		{"records with a dependent call", r.GetDependentRecords()},
		{"records holding the most common first-message 4-gram", r.GetFirstMessageNgram()},
		{"records holding the most common answer 4-gram", r.GetAnswerNgram()},
		{"reasoning contents with the most common opening", r.GetReasoningOpening()},
		{"distinct word trigrams of user messages", r.GetUserTrigramDistinct()},
	}
}

// writeRealism writes the card's "Realism" section: each share with its
// numerator and denominator, its threshold and the example that offends
// most, so a reader sees what is wrong before training on it.
func writeRealism(w io.Writer, r *evolvev1.RealismReport) {
	if r == nil {
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("## Realism\n\n")
	p("Measured from the %d records alone (definitions: `platform/realism/README.md` of TDScaling; recompute with\n"+
		"`tds report --dataset DIR`).\n\n", r.GetRecords())
	p("| measure | share | of | threshold | example |\n|---|---:|---:|---|---|\n")
	for _, row := range RealismRows(r) {
		s := row.Share
		p("| %s | %.1f %% | %d / %d | %s | %s |\n", row.Title, 100*s.GetShare(), s.GetNumerator(), s.GetDenominator(),
			threshold(s), cell(example(s.GetExample())))
	}
	p("\n")
}

// threshold renders a share's bound: "≤ 2 %" met, "≥ 40 % (missed)".
func threshold(s *evolvev1.RealismShare) string {
	var t string
	switch s.GetBound() {
	case "max":
		t = fmt.Sprintf("≤ %g %%", 100*s.GetThreshold())
	case "min":
		t = fmt.Sprintf("≥ %g %%", 100*s.GetThreshold())
	default:
		return ""
	}
	if !s.GetMeets() {
		t += " (missed)"
	}
	return t
}

func example(e *evolvev1.RealismExample) string {
	if e == nil {
		return ""
	}
	out := fmt.Sprintf("%q", e.GetValue())
	if d := e.GetDetail(); d != "" {
		out += " — " + d
	}
	return fmt.Sprintf("%s (×%d, record `%s`)", out, e.GetCount(), e.GetRecordId())
}

// cell makes text safe in a Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", `\|`)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
