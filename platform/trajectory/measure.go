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

// Measures are the contract's measures of one trajectory.
type Measures struct {
	// Signature is the reasoning-mode signature, e.g. "[u].[d].[dd].ans".
	Signature string
	// CAC is the Cumulative Action Complexity.
	CAC float64
}

// Measure computes the signature and CAC of a trajectory (DESIGN section 5).
// It walks the messages after the first user message and emits one token per
// step: "[...]" for an assistant message with tool calls (one letter per call,
// sorted: x for the code tool, d for a call with a dependent argument, u
// otherwise, "!" after a letter whose result is an error), "ask" for an
// assistant message without tool calls that a user message follows, "u" for
// a later user message and "ans" for the last assistant message without tool
// calls.
func Measure(msgs []Message) Measures {
	start := slices.IndexFunc(msgs, func(m Message) bool { return m.Role == "user" })
	if start < 0 {
		return Measures{}
	}
	failed := map[string]bool{}
	lastAnswer := -1
	for i, m := range msgs {
		if m.Role == "tool" && IsError(m.Content) {
			failed[m.ToolCallID] = true
		}
		if m.Role == "assistant" && len(m.ToolCalls) == 0 {
			lastAnswer = i
		}
	}
	var tokens []string
	var cac float64
	var toolOutputs []string // contents of the tool messages seen so far
	afterError := false
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
		case "assistant":
			if len(m.ToolCalls) == 0 {
				switch {
				case i+1 < len(msgs) && msgs[i+1].Role == "user":
					tokens = append(tokens, "ask")
					cac += 0.5
				case i == lastAnswer:
					tokens = append(tokens, "ans")
				}
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
			tokens = append(tokens, "["+strings.Join(letters, "")+"]")
		}
	}
	return Measures{Signature: strings.Join(tokens, "."), CAC: cac}
}

// arguments counts the leaf values of a call's JSON arguments, and those of
// them that are dependent: a string of 3 or more characters, or a number
// written with 3 or more characters, that occurs verbatim in an earlier tool
// output.
func arguments(raw string, outputs []string) (leaves, dependent int) {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return 0, 0
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
			leaves++
			if utf8.RuneCountInString(x) >= 3 && occurs(x, outputs) {
				dependent++
			}
		case json.Number:
			leaves++
			if len(x) >= 3 && occurs(string(x), outputs) {
				dependent++
			}
		default: // bool, null
			leaves++
		}
	}
	walk(v)
	return leaves, dependent
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
