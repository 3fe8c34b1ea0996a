package trajectory

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// CodeTools are the tool names that count as the code tool (letter x).
var CodeTools = map[string]bool{"python": true, "sql": true, "bash": true}

// GrammarVersion is the version of the reasoning-mode signature grammar
// Measure implements (docs/metrics.md). Version 2 calls an assistant text
// "ask" only when the user's reply supplies a value a later call passes on;
// version 1 called every assistant text a user message follows "ask".
const GrammarVersion = 2

// Measures are the contract's measures of one trajectory.
type Measures struct {
	// Signature is the reasoning-mode signature, e.g. "[u].[d].[dd].ans".
	Signature string
	// CAC is the Cumulative Action Complexity.
	CAC float64
	// Requests are the signatures of the trajectory's requests, in order:
	// the trajectory split at each user request (the first user message and
	// every later user message that is not the reply to an "ask"). The
	// request's own "u" token is not part of its signature, so
	// "[u].ans.u.[d].ans" holds the requests "[u].ans" and "[d].ans", and
	// "[u].ask.u.[d].ans" one request.
	Requests []string
}

// Measure computes the signature, CAC and request signatures of a
// trajectory (docs/metrics.md, grammar version 2). It walks the messages
// after the first user message and emits one token per step: "[...]" for an
// assistant message with tool calls (one letter per call, sorted: x for the
// code tool, d for a call with a dependent argument, u otherwise, "!" after
// a letter whose result is an error); "ask" for an assistant message
// without tool calls followed by a user message that supplies a value (the
// first message of the trajectory to contain a leaf value that a later tool
// call passes as an argument); "ans" for any other assistant message
// without tool calls; "u" for a later user message.
func Measure(msgs []Message) Measures {
	start := slices.IndexFunc(msgs, func(m Message) bool { return m.Role == "user" })
	if start < 0 {
		return Measures{}
	}
	failed := map[string]bool{}
	for _, m := range msgs {
		if m.Role == "tool" && IsError(m.Content) {
			failed[m.ToolCallID] = true
		}
	}
	supplies := suppliers(msgs)
	var tokens []string
	var requests [][]string
	request := []string{}
	var cac float64
	var toolOutputs []string // contents of the tool messages seen so far
	afterError := false
	replyToAsk := false
	for i := start + 1; i < len(msgs); i++ {
		m := msgs[i]
		switch m.Role {
		case "tool":
			toolOutputs = append(toolOutputs, m.Content)
			if IsError(m.Content) {
				afterError = true
			}
		case "user":
			tokens = append(tokens, "u")
			cac += 0.5
			if replyToAsk {
				request = append(request, "u")
			} else {
				requests = append(requests, request)
				request = []string{}
			}
			replyToAsk = false
		case "assistant":
			replyToAsk = false
			if len(m.ToolCalls) == 0 {
				tok := "ans"
				if i+1 < len(msgs) && msgs[i+1].Role == "user" && supplies[i+1] {
					tok = "ask"
					cac += 0.5
					replyToAsk = true
				}
				tokens = append(tokens, tok)
				request = append(request, tok)
				continue
			}
			parallel := len(m.ToolCalls) >= 2
			letters := make([]string, 0, len(m.ToolCalls))
			for _, call := range m.ToolCalls {
				leaves, dependent := arguments(call.Function.Arguments, toolOutputs)
				c := 1 + 0.25*float64(leaves) + float64(dependent)
				letter := "u"
				switch {
				case CodeTools[call.Function.Name]:
					letter = "x"
					c += 2
				case dependent > 0:
					letter = "d"
				}
				if parallel {
					c++
				}
				if afterError {
					c++
					afterError = false
				}
				if failed[call.ID] {
					letter += "!"
				}
				letters = append(letters, letter)
				cac += c
			}
			slices.Sort(letters)
			tok := "[" + strings.Join(letters, "") + "]"
			tokens = append(tokens, tok)
			request = append(request, tok)
		}
	}
	requests = append(requests, request)
	sigs := make([]string, len(requests))
	for k, r := range requests {
		sigs[k] = strings.Join(r, ".")
	}
	return Measures{Signature: strings.Join(tokens, "."), CAC: cac, Requests: sigs}
}

// suppliers reports, by message index, the user messages that supply a
// value: the first message of the trajectory to contain (verbatim, in its
// content or its tool calls' arguments) a leaf value of at least three
// characters that a later tool call passes as an argument.
func suppliers(msgs []Message) map[int]bool {
	out := map[int]bool{}
	// Leaf values of the calls after each message, collected backwards.
	var later []string
	laterAt := make([][]string, len(msgs))
	for i := len(msgs) - 1; i >= 0; i-- {
		laterAt[i] = later
		for _, c := range msgs[i].ToolCalls {
			later = append(later, significantLeaves(c.Function.Arguments)...)
		}
	}
	for i, m := range msgs {
		if m.Role != "user" || len(laterAt[i]) == 0 {
			continue
		}
		for _, v := range laterAt[i] {
			if strings.Contains(m.Content, v) && !slices.ContainsFunc(msgs[:i], func(e Message) bool { return contains(e, v) }) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// contains reports whether a message's text holds v verbatim: its content
// or the arguments of its tool calls.
func contains(m Message, v string) bool {
	if strings.Contains(m.Content, v) {
		return true
	}
	for _, c := range m.ToolCalls {
		if strings.Contains(c.Function.Arguments, v) {
			return true
		}
	}
	return false
}

// significantLeaves returns the leaf values of a call's JSON arguments that
// are long enough to be dependent or supplied: strings of 3 or more
// characters and numbers written with 3 or more characters, as text.
func significantLeaves(raw string) []string {
	var out []string
	walkLeaves(raw, func(leaf string, significant bool) {
		if significant {
			out = append(out, leaf)
		}
	})
	return out
}

// arguments counts the leaf values of a call's JSON arguments, and those of
// them that are dependent: a string of 3 or more characters, or a number
// written with 3 or more characters, that occurs verbatim in an earlier tool
// output.
func arguments(raw string, outputs []string) (leaves, dependent int) {
	walkLeaves(raw, func(leaf string, significant bool) {
		leaves++
		if significant && occurs(leaf, outputs) {
			dependent++
		}
	})
	return leaves, dependent
}

// walkLeaves calls f for every leaf value of JSON text raw (nothing when raw
// is not JSON): strings decoded, numbers as written, and whether the leaf is
// significant (a string of 3 or more characters, a number written with 3 or
// more characters). Booleans and nulls are leaves, never significant.
func walkLeaves(raw string, f func(leaf string, significant bool)) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case string:
			f(x, utf8.RuneCountInString(x) >= 3)
		case json.Number:
			f(string(x), len(x) >= 3)
		default: // bool, null
			f("", false)
		}
	}
	walk(v)
}

func occurs(s string, outputs []string) bool {
	for _, o := range outputs {
		if strings.Contains(o, s) {
			return true
		}
	}
	return false
}

// IsError reports whether a tool result is an error: a JSON object with an
// "error" member, or with an error flag ("is_error" or "isError" true).
func IsError(content string) bool {
	// Each of those keys ends in rror"; text without it (and without a
	// \u escape that could spell it) has none of them, undecoded.
	if !strings.Contains(content, `rror"`) && !strings.Contains(content, `\u`) {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(content), &obj) != nil {
		return false
	}
	if e, ok := obj["error"]; ok && string(e) != "null" && string(e) != "false" {
		return true
	}
	for _, k := range []string{"is_error", "isError"} {
		if string(obj[k]) == "true" {
			return true
		}
	}
	return false
}

// Entropy is −Σ p log2 p over the counts, in bits (H_dom over domains,
// H_mode over signatures). The terms are summed in a fixed order (by count),
// so the same counts give the same bits whatever the map's iteration order.
func Entropy[K comparable](counts map[K]int) float64 {
	total := 0
	cs := make([]int, 0, len(counts))
	for _, c := range counts {
		total += c
		cs = append(cs, c)
	}
	if total == 0 {
		return 0
	}
	slices.Sort(cs)
	h := 0.0
	for _, c := range cs {
		if c > 0 {
			p := float64(c) / float64(total)
			h -= p * math.Log2(p)
		}
	}
	return h
}
