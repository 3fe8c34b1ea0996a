package realism

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

func tool(name, params string) trajectory.Tool {
	return trajectory.Tool{Type: "function", Function: trajectory.FunctionSpec{Name: name, Parameters: json.RawMessage(params)}}
}

func call(id, name, args string) trajectory.ToolCall {
	return trajectory.ToolCall{ID: id, Type: "function", Function: trajectory.FunctionCall{Name: name, Arguments: args}}
}

func msg(role, content string) trajectory.Message {
	return trajectory.Message{Role: role, Content: content}
}

func calls(reasoning string, cs ...trajectory.ToolCall) trajectory.Message {
	return trajectory.Message{Role: "assistant", ReasoningContent: reasoning, ToolCalls: cs}
}

func result(id, name, content string) trajectory.Message {
	return trajectory.Message{Role: "tool", ToolCallID: id, Name: name, Content: content}
}

// orderAndFlight is realistic: values from the user and from results, a
// shaped order id, formats kept; one output is generic with a placeholder.
func orderAndFlight() trajectory.Record {
	return trajectory.Record{ID: "r1", Tools: []trajectory.Tool{
		tool("get_order", `{"type":"object","properties":{"order_id":{"type":"string","description":"The order id, such as '#W0000000'."}}}`),
		tool("book_flight", `{"type":"object","properties":{"origin":{"type":"string","description":"Origin airport IATA code"},"date":{"type":"string","format":"date"},"class":{"type":"string","enum":["economy","business"]}}}`),
	}, Messages: []trajectory.Message{
		msg("system", "You help."),
		msg("user", "Where is my order #W4821734? Then book a flight from JFK on 2024-05-01."),
		calls("I look up the order first.", call("c1", "get_order", `{"order_id":"#W4821734"}`)),
		result("c1", "get_order", `{"order_id":"#W4821734","destination_airport":"LHR","status":"shipped"}`),
		calls("Next step: call book_flight.", call("c2", "book_flight", `{"origin":"JFK","destination":"LHR","date":"2024-05-01","class":"economy"}`)),
		result("c2", "book_flight", `{"result":"booking_123"}`),
		msg("assistant", "Your order #W4821734 has shipped and the flight from JFK to LHR is booked."),
	}}
}

// statsAndMail fails three times: with an invented id, with an error that
// names a value the call did not carry, and transiently (a real cause).
func statsAndMail() trajectory.Record {
	return trajectory.Record{ID: "r2", Tools: []trajectory.Tool{
		tool("get_user_stats", `{"type":"object","properties":{"username":{"type":"string"}}}`),
		tool("send_email", `{"type":"object","properties":{"to":{"type":"string","format":"email"},"subject":{"type":"string"}}}`),
		tool("python", `{"type":"object","properties":{"code":{"type":"string"}}}`),
	}, Messages: []trajectory.Message{
		msg("user", "Show stats for user ana18 and mail them to bob@example.com."),
		calls("Next step: call get_user_stats.", call("c1", "get_user_stats", `{"username":"user_30325"}`)),
		result("c1", "get_user_stats", `{"error":"get_user_stats: no username matches \"user_30325\""}`),
		calls("The previous call failed.", call("c2", "get_user_stats", `{"username":"ana18"}`)),
		result("c2", "get_user_stats", `{"error":"user \"ana99\" is suspended"}`),
		calls("Next step: retry.", call("c3", "get_user_stats", `{"username":"ana18"}`)),
		result("c3", "get_user_stats", `{"error":"503 Service Unavailable, retry in 2s"}`),
		calls("Next step: call send_email.", call("c4", "send_email", `{"to":"Robert","subject":"Stats for ana18"}`)),
		result("c4", "send_email", `{"message_id":"m-42","sent":true}`),
		calls("", call("c5", "python", `{"code":"print(1)"}`)),
		result("c5", "python", "1"),
		msg("assistant", "I could not get the stats; the email went out."),
	}}
}

func TestReportOnHandBuiltRecords(t *testing.T) {
	r := Compute([]trajectory.Record{orderAndFlight(), statsAndMail()})
	for _, c := range []struct {
		name     string
		got      Share
		num, den int64
		example  string
	}{
		{"placeholder arguments", r.PlaceholderArguments, 1, 10, "user_30325"},
		{"placeholder outputs", r.PlaceholderOutputs, 2, 8, "booking_123"},
		{"generic outputs", r.GenericOutputs, 1, 3, `{"result":"booking_123"}`},
		{"example shape", r.ExampleShape, 1, 1, ""},
		{"format", r.Format, 2, 3, "Robert"},
		{"ungrounded", r.UngroundedArguments, 2, 9, "Robert"},
		{"invented failures", r.InventedFailures, 2, 3, "ana99"},
		{"dependent records", r.DependentRecords, 1, 2, "Show stats for user ana18 and mail them to bob@example.com."},
		{"reasoning opening", r.ReasoningOpening, 3, 6, "next step call"},
		{"first message 4-gram", r.FirstMessageNgram, 1, 2, "where is my order"},
		{"answer 4-gram", r.AnswerNgram, 1, 2, "your order w4821734 has"},
	} {
		if c.got.Num != c.num || c.got.Den != c.den {
			t.Errorf("%s = %d/%d, want %d/%d (example %+v)", c.name, c.got.Num, c.got.Den, c.num, c.den, c.got.Example)
		}
		switch {
		case c.example == "" && c.got.Example != nil:
			t.Errorf("%s: example %+v, want none", c.name, c.got.Example)
		case c.example != "" && (c.got.Example == nil || c.got.Example.Value != c.example):
			t.Errorf("%s: example %+v, want %q", c.name, c.got.Example, c.example)
		}
	}
	if e := r.InventedFailures.Example; e == nil || e.RecordID != "r2" || !strings.Contains(e.Detail, "did not carry") {
		t.Errorf("invented failure example %+v", e)
	}
	if r.Records != 2 {
		t.Errorf("records = %d", r.Records)
	}
	if got := len(r.Failing()); got == 0 {
		t.Errorf("no measure fails on records made to fail")
	}
}

// templatedRecords builds n records from a few openers, verbs and cities, so
// their texts repeat the way templated data does.
func templatedRecords(n int) []trajectory.Record {
	rng := rand.New(rand.NewPCG(7, 7))
	openers := []string{"Hi, I need to", "Could you please", "Hello there, can you", "I want to"}
	verbs := []string{"check the weather in", "book a table in", "find a hotel in", "get the news for"}
	cities := []string{"Lisbon", "Osaka", "Quito", "Tallinn", "Accra", "Perth"}
	var recs []trajectory.Record
	for i := range n {
		first := fmt.Sprintf("%s %s %s.", openers[rng.IntN(len(openers))], verbs[rng.IntN(len(verbs))], cities[rng.IntN(len(cities))])
		recs = append(recs, trajectory.Record{ID: fmt.Sprintf("r%03d", i), Messages: []trajectory.Message{
			msg("user", first),
			{Role: "assistant", ReasoningContent: fmt.Sprintf("%s the %s", openers[rng.IntN(2)], cities[rng.IntN(len(cities))]), Content: fmt.Sprintf("Here it is for %s: %d.", cities[rng.IntN(len(cities))], rng.IntN(40))},
			msg("user", "Thanks, and "+verbs[rng.IntN(len(verbs))]+" "+cities[rng.IntN(len(cities))]+" too."),
			msg("assistant", fmt.Sprintf("Done for %s as well.", cities[rng.IntN(len(cities))])),
		}})
	}
	return recs
}

// mostCommon is the key with the highest count, the smallest key on a tie.
func mostCommon(count map[string]int64) (int64, string) {
	var best string
	for k, n := range count {
		if n > count[best] || n == count[best] && k < best {
			best = k
		}
	}
	return count[best], best
}

// topRecordFourgram counts, by plain string keys, the records whose text
// holds each 4-gram, and returns the most common one.
func topRecordFourgram(recs []trajectory.Record, text func(trajectory.Record) string) (int64, string) {
	count := map[string]int64{}
	for _, r := range recs {
		ws := words(text(r))
		seen := map[string]bool{}
		for i := 0; i+4 <= len(ws); i++ {
			g := strings.Join(ws[i:i+4], " ")
			if !seen[g] {
				seen[g] = true
				count[g]++
			}
		}
	}
	return mostCommon(count)
}

// userTrigrams counts the word trigrams of both user messages of each
// record: all of them, and the distinct ones.
func userTrigrams(recs []trajectory.Record) (all, distinct int64) {
	seen := map[string]bool{}
	for _, r := range recs {
		for _, m := range []trajectory.Message{r.Messages[0], r.Messages[2]} {
			ws := words(m.Content)
			for i := 0; i+3 <= len(ws); i++ {
				all++
				seen[strings.Join(ws[i:i+3], " ")] = true
			}
		}
	}
	return all, int64(len(seen))
}

func checkShare(t *testing.T, name string, got Share, num, den int64, example string) {
	t.Helper()
	if got.Num != num || got.Den != den || got.Example == nil || got.Example.Value != example {
		t.Errorf("%s %+v %+v, want %d/%d %q", name, got, got.Example, num, den, example)
	}
}

// checkOrderIndependent: the shares do not depend on the order the records
// arrive in (the example of a kind of offence is its first value, which does).
func checkOrderIndependent(t *testing.T, recs []trajectory.Record) {
	t.Helper()
	rev := make([]trajectory.Record, len(recs))
	for i, r := range recs {
		rev[len(recs)-1-i] = r
	}
	rev = append(rev, orderAndFlight(), statsAndMail())
	back := Compute(rev)
	fwd := Compute(append(recs, statsAndMail(), orderAndFlight()))
	for i, m := range fwd.Measures() {
		b := back.Measures()[i]
		if m.Share.Num != b.Share.Num || m.Share.Den != b.Share.Den || (m.Share.Example == nil) != (b.Share.Example == nil) ||
			m.Share.Example != nil && m.Share.Example.Count != b.Share.Example.Count {
			t.Errorf("%s: %+v in one order, %+v in the other", m.Name, m.Share, b.Share)
		}
	}
}

// TestAccumulatorMatchesFromScratch builds a few hundred templated records
// and compares the accumulator's repetition shares, which it keeps by hash,
// with a plain count over the texts.
func TestAccumulatorMatchesFromScratch(t *testing.T) {
	recs := templatedRecords(300)
	got := Compute(recs)

	n, g := topRecordFourgram(recs, func(r trajectory.Record) string { return r.Messages[0].Content })
	checkShare(t, "first-message 4-gram", got.FirstMessageNgram, n, 300, g)
	n, g = topRecordFourgram(recs, func(r trajectory.Record) string { return r.Messages[3].Content })
	checkShare(t, "answer 4-gram", got.AnswerNgram, n, got.AnswerNgram.Den, g)

	openings := map[string]int64{}
	for _, r := range recs {
		openings[strings.Join(words(r.Messages[1].ReasoningContent)[:3], " ")]++
	}
	n, best := mostCommon(openings)
	checkShare(t, "reasoning opening", got.ReasoningOpening, n, 300, best)

	all, distinct := userTrigrams(recs)
	if got.UserTrigramDistinct.Num != distinct || got.UserTrigramDistinct.Den != all {
		t.Errorf("user trigrams %+v, want %d/%d", got.UserTrigramDistinct, distinct, all)
	}

	checkOrderIndependent(t, recs)
}

// TestSchemaLiteralsAreNotMeasured: a value the schema itself offers
// (here BFCL's "None" default) is neither a format miss nor ungrounded.
func TestSchemaLiteralsAreNotMeasured(t *testing.T) {
	r := Compute([]trajectory.Record{{ID: "r", Tools: []trajectory.Tool{
		tool("history", `{"type":"object","properties":{"end_date":{"type":"string","description":"End date (format: 'YYYY-MM-DD').","default":"None"}}}`),
	}, Messages: []trajectory.Message{
		msg("user", "Show my history."),
		calls("", call("c1", "history", `{"end_date":"None"}`), call("c2", "history", `{"end_date":"tomorrow"}`)),
	}}})
	if r.Format.Num != 0 || r.Format.Den != 1 || r.Format.Example.Value != "tomorrow" {
		t.Errorf("format %+v %+v, want 0/1 on tomorrow", r.Format, r.Format.Example)
	}
	if r.UngroundedArguments.Num != 1 || r.UngroundedArguments.Den != 1 {
		t.Errorf("ungrounded %+v, want 1/1", r.UngroundedArguments)
	}
}

func TestThresholds(t *testing.T) {
	r := Report{
		PlaceholderArguments: Share{Num: 2, Den: 100}, // 2 %: at the bound
		PlaceholderOutputs:   Share{Num: 3, Den: 100},
		ExampleShape:         Share{Num: 89, Den: 100},
		Format:               Share{Num: 95, Den: 100},
		DependentRecords:     Share{Num: 0, Den: 0}, // nothing measured
	}
	failing := map[string]bool{}
	for _, m := range r.Failing() {
		failing[m.Name] = true
	}
	for name, want := range map[string]bool{"placeholder_arguments": false, "placeholder_outputs": true, "example_shape": true, "format": false, "dependent_records": false} {
		if failing[name] != want {
			t.Errorf("%s failing = %v, want %v", name, failing[name], want)
		}
	}
}

// A tool's declared result shape is its contract: a generic-only result of
// a tool the provenance lists as declared is not counted, the same result
// of a tool whose shape was inferred is.
func TestGenericOutputsLeaveDeclaredContractsOut(t *testing.T) {
	rec := func(provenance string) trajectory.Record {
		return trajectory.Record{ID: "g", Provenance: json.RawMessage(provenance), Tools: []trajectory.Tool{
			tool("absolute_value", `{"type":"object","properties":{"number":{"type":"number"}}}`),
			tool("get_price", `{"type":"object","properties":{"symbol":{"type":"string"}}}`),
		}, Messages: []trajectory.Message{
			msg("user", "What is the absolute value of -96.87, and the price of AAPL?"),
			calls("", call("c1", "absolute_value", `{"number":-96.87}`), call("c2", "get_price", `{"symbol":"AAPL"}`)),
			result("c1", "absolute_value", `{"result":96.87}`),
			result("c2", "get_price", `{"result":"182.50"}`),
			msg("assistant", "96.87, and AAPL trades at 182.50."),
		}}
	}
	for _, c := range []struct {
		provenance string
		num, den   int64
	}{
		{`{"models":{},"declared_outputs":["absolute_value"]}`, 1, 1},
		{`{"models":{}}`, 2, 2},
		{``, 2, 2},
	} {
		a := New()
		a.Add(rec(c.provenance))
		g := a.Report().GenericOutputs
		if g.Num != c.num || g.Den != c.den {
			t.Errorf("provenance %q: generic outputs %d/%d, want %d/%d", c.provenance, g.Num, g.Den, c.num, c.den)
		}
	}
}
