// Package realism measures how realistic the trajectories of a dataset
// read, from the records alone: values that fit their parameters and come
// from the conversation, plausible tool outputs, failures with a cause,
// dependent calls and varied language. Each measure is a share with its
// numerator, denominator and most frequent offending value; README.md
// defines them. An Accumulator reads each record once, so a dataset of any
// size is measured in one pass.
package realism

import (
	"github.com/tdscaling/tdscaling/platform/paramdoc"
	"strings"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// Example is the most frequent offending value of a measure.
type Example struct {
	Value    string `json:"value"`
	RecordID string `json:"record_id"`
	Detail   string `json:"detail,omitempty"`
	Count    int64  `json:"count"`
}

// Share is one measure: Num of Den, and what offends most.
type Share struct {
	Num     int64    `json:"numerator"`
	Den     int64    `json:"denominator"`
	Example *Example `json:"example,omitempty"`
}

// Value is Num/Den, 0 when nothing was measured.
func (s Share) Value() float64 {
	if s.Den == 0 {
		return 0
	}
	return float64(s.Num) / float64(s.Den)
}

// Report is the realism of a set of records; README.md defines each share.
type Report struct {
	Records              int64 `json:"records"`
	PlaceholderArguments Share `json:"placeholder_arguments"`
	PlaceholderOutputs   Share `json:"placeholder_outputs"`
	GenericOutputs       Share `json:"generic_outputs"`
	ExampleShape         Share `json:"example_shape"`
	Format               Share `json:"format"`
	UngroundedArguments  Share `json:"ungrounded_arguments"`
	InventedFailures     Share `json:"invented_failures"`
	DependentRecords     Share `json:"dependent_records"`
	FirstMessageNgram    Share `json:"first_message_ngram"`
	AnswerNgram          Share `json:"answer_ngram"`
	ReasoningOpening     Share `json:"reasoning_opening"`
	UserTrigramDistinct  Share `json:"user_trigram_distinct"`
}

// Accumulator measures records one at a time; Report gives the shares of
// all records added so far. Its memory grows with the distinct n-grams of
// the dataset's user messages and answers (hashed, 8 bytes each), not with
// the records.
type Accumulator struct {
	records int64
	placeholderArgs, placeholderOutputs, generic, shape, format,
	ungrounded, invented, dependent counter
	firstMessage, answer *ngramCounter
	openings             *openingCounter
	trigrams             trigramCounter
	schemas              *schemaMemo
}

// New returns an empty Accumulator.
func New() *Accumulator {
	return &Accumulator{firstMessage: newNgramCounter(), answer: newNgramCounter(), openings: newOpeningCounter(), trigrams: newTrigramCounter(), schemas: newSchemaMemo()}
}

// Compute measures a slice of records.
func Compute(records []trajectory.Record) Report {
	a := New()
	for _, r := range records {
		a.Add(r)
	}
	return a.Report()
}

// counter is a share under construction.
type counter struct {
	num, den int64
	bad      tally
}

func (c *counter) observe(offends bool, key, value, recordID, detail string) {
	c.den++
	if offends {
		c.num++
		c.bad.add(key, value, recordID, detail)
	}
}

func (c *counter) share() Share { return Share{Num: c.num, Den: c.den, Example: c.bad.top()} }

// conformance is a share of values that conform; its example is the most
// frequent value that does not.
func (c *counter) conform(ok bool, key, value, recordID, detail string) {
	c.den++
	if ok {
		c.num++
	} else {
		c.bad.add(key, value, recordID, detail)
	}
}

// Add measures one record.
func (a *Accumulator) Add(r trajectory.Record) {
	a.records++
	rm := newRecordMeasure(r, a.schemas)
	conv := newConversation()
	results := map[string]string{}
	for _, m := range r.Messages {
		if m.Role == "tool" {
			results[m.ToolCallID] = m.Content
		}
	}
	declared := declaredOutputs(r)
	for _, m := range r.Messages {
		switch m.Role {
		case "system", "user":
			conv.addText(m.Content)
		case "tool":
			if !trajectory.CodeTools[m.Name] {
				a.output(r.ID, m, !declared[m.Name])
			}
			conv.addText(m.Content)
		case "assistant":
			a.openings.add(m.ReasoningContent, r.ID)
			var calls []trajectory.ToolCall
			for _, c := range m.ToolCalls {
				if !trajectory.CodeTools[c.Function.Name] {
					a.call(rm, conv, c, results[c.ID])
				}
				calls = append(calls, c)
			}
			// Earlier calls ground later ones; calls issued together do not
			// ground each other.
			for _, c := range calls {
				conv.addText(c.Function.Arguments)
			}
		}
	}
	_, ok := trajectory.FirstDependent(r.Messages)
	a.dependent.conform(ok, "", firstUserWords(r.Messages, 12), r.ID, "no call takes a value from an earlier result")

	if first := firstUser(r.Messages); first != "" {
		a.firstMessage.addRecord(first, r.ID)
	}
	if ans := finalAnswer(r.Messages); ans != "" {
		a.answer.addRecord(ans, r.ID)
	}
	for _, m := range r.Messages {
		if m.Role == "user" {
			a.trigrams.add(m.Content)
		}
	}
}

// output measures one tool result: placeholder-shaped strings in it, and,
// when its shape is not the tool's declared contract (inferred says so),
// whether a successful object result has only generic keys.
func (a *Accumulator) output(recordID string, m trajectory.Message, inferred bool) {
	v, ok := decode(m.Content)
	if !ok {
		return
	}
	for _, l := range leaves(v) {
		if l.str {
			shape := placeholder(l.text)
			if shape == "" && echoesName(l.text, l.path, m.Name) {
				shape = "qualified_name"
			}
			a.placeholderOutputs.observe(shape != "", shape, l.text, recordID, m.Name+" output "+strings.Join(l.path, ".")+" ("+shape+")")
		}
	}
	if _, isObject := v.(map[string]any); isObject && inferred && !trajectory.IsError(m.Content) {
		a.generic.observe(genericOnly(v), keySet(v), compact(m.Content, 120), recordID, m.Name)
	}
}

// call measures the arguments of one non-code call, and the call itself
// when its result is an error.
func (a *Accumulator) call(rm *recordMeasure, conv *conversation, c trajectory.ToolCall, result string) {
	tool := c.Function.Name
	v, ok := decode(c.Function.Arguments)
	if !ok {
		return
	}
	ungrounded := ""
	var pool strings.Builder
	for _, k := range objectKeys(v) {
		pool.WriteString(k + "\n")
	}
	for _, l := range leaves(v) {
		pool.WriteString(l.text + "\n")
		if u := a.argument(rm, conv, tool, l); u != "" && ungrounded == "" {
			ungrounded = u
		}
	}
	if trajectory.IsError(result) {
		a.failure(rm.record.ID, tool, errorText(result), ungrounded, pool.String(), rm.schemaText[tool])
	}
}

// argument measures one argument value of a call: a placeholder, the form
// its parameter declares, and whether the conversation grounds it; it
// returns the value when nothing earlier does.
func (a *Accumulator) argument(rm *recordMeasure, conv *conversation, tool string, l leaf) (ungrounded string) {
	id := rm.record.ID
	info := rm.param(tool, l.path)
	where := tool + "." + strings.Join(l.path, ".")
	literal := isLiteral(l.text, info.param)
	if l.str {
		shape := placeholder(l.text)
		if shape == "" && echoesName(l.text, l.path, tool) {
			shape = "qualified_name"
		}
		a.placeholderArgs.observe(shape != "" && !literal, shape, l.text, id, where+" ("+shape+")")
	}
	if (l.str || l.number) && !literal {
		a.declaredForm(info, l, id, where)
	}
	if !countsForGrounding(l) || literal {
		return ""
	}
	grounded := conv.grounds(l)
	a.ungrounded.observe(!grounded, l.text, l.text, id, where)
	if grounded {
		return ""
	}
	return l.text
}

// declaredForm measures whether a value takes the shape of its
// parameter's examples and the format the parameter declares.
func (a *Accumulator) declaredForm(info *paramInfo, l leaf, id, where string) {
	fits := false
	for _, ex := range info.shapes {
		fits = fits || paramdoc.FitsExample(l.text, ex)
	}
	if len(info.shapes) > 0 {
		a.shape.conform(fits, where, l.text, id, where+": example "+info.shapes[0])
	}
	if info.hasFormat {
		// The parameter's own example shows the form its API takes
		// ("E.164 format. Example: 12132000384"), whatever the
		// standard it names says.
		a.format.conform(fits || info.format.check(l.text), info.format.name, l.text, id, where+": "+info.format.name)
	}
}

// failure measures a failed call: a failure the conversation gives no
// cause for (a value found nowhere earlier, an error naming a value the
// call did not carry) is invented. pool holds the call's argument names
// and values, schema the tool's parameters.
func (a *Accumulator) failure(id, tool, msg, ungrounded, pool, schema string) {
	switch foreign := foreignValue(msg, tool, pool, schema); {
	case ungrounded != "":
		a.invented.observe(true, ungrounded, ungrounded, id, tool+" failed with a value found nowhere earlier: "+compact(msg, 100))
	case foreign != "":
		a.invented.observe(true, foreign, foreign, id, tool+"'s error names a value the call did not carry: "+compact(msg, 100))
	default:
		a.invented.observe(false, "", "", id, "")
	}
}

// Report returns the shares of the records added so far.
func (a *Accumulator) Report() Report {
	return Report{
		Records:              a.records,
		PlaceholderArguments: a.placeholderArgs.share(),
		PlaceholderOutputs:   a.placeholderOutputs.share(),
		GenericOutputs:       a.generic.share(),
		ExampleShape:         a.shape.share(),
		Format:               a.format.share(),
		UngroundedArguments:  a.ungrounded.share(),
		InventedFailures:     a.invented.share(),
		DependentRecords:     a.dependent.share(),
		FirstMessageNgram:    a.firstMessage.share(),
		AnswerNgram:          a.answer.share(),
		ReasoningOpening:     a.openings.share(),
		UserTrigramDistinct:  a.trigrams.share(),
	}
}

// compact shortens s to n runes on one line, for an example.
func compact(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
