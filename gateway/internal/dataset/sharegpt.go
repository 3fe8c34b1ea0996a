package dataset

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/tdscaling/tdscaling/platform/trajectory"
)

// ShareGPT is one row of sharegpt.jsonl in LLaMA-Factory's function-call
// format: turns alternate between human/observation and gpt/function_call,
// tools are a JSON string, function-call arguments are objects.
type ShareGPT struct {
	Conversations []ShareGPTTurn `json:"conversations"`
	System        string         `json:"system,omitempty"`
	Tools         string         `json:"tools"`
	ID            string         `json:"id"`
}

// ShareGPTTurn is one turn.
type ShareGPTTurn struct {
	From  string `json:"from"`
	Value string `json:"value"`
}

type shareGPTCall struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

// ToShareGPT converts a canonical record. An assistant message with tool
// calls becomes one function_call turn (a list for parallel calls; any text
// beside the calls is dropped, the format has no place for it); consecutive
// tool messages become one observation turn (a list for parallel results).
func ToShareGPT(r trajectory.Record) ShareGPT {
	out := ShareGPT{ID: r.ID}
	type spec struct {
		Name        string          `json:"name"`
		Description string          `json:"description,omitempty"`
		Parameters  json.RawMessage `json:"parameters,omitempty"`
	}
	specs := make([]spec, len(r.Tools))
	for i, t := range r.Tools {
		specs[i] = spec{t.Function.Name, t.Function.Description, t.Function.Parameters}
	}
	tools, _ := json.Marshal(specs)
	out.Tools = string(tools)
	var pendingObs []string
	flushObs := func() {
		if len(pendingObs) == 0 {
			return
		}
		v := pendingObs[0]
		if len(pendingObs) > 1 {
			b, _ := json.Marshal(pendingObs)
			v = string(b)
		}
		out.Conversations = append(out.Conversations, ShareGPTTurn{From: "observation", Value: v})
		pendingObs = nil
	}
	for _, m := range r.Messages {
		if m.Role != "tool" {
			flushObs()
		}
		switch m.Role {
		case "system":
			if out.System != "" {
				out.System += "\n\n"
			}
			out.System += m.Content
		case "user":
			out.Conversations = append(out.Conversations, ShareGPTTurn{From: "human", Value: m.Content})
		case "assistant":
			if len(m.ToolCalls) == 0 {
				out.Conversations = append(out.Conversations, ShareGPTTurn{From: "gpt", Value: m.Content})
				continue
			}
			calls := make([]shareGPTCall, len(m.ToolCalls))
			for i, c := range m.ToolCalls {
				args := json.RawMessage(strings.TrimSpace(c.Function.Arguments))
				if len(args) == 0 || !json.Valid(args) {
					args, _ = json.Marshal(c.Function.Arguments) // keep malformed arguments as a string
				}
				calls[i] = shareGPTCall{Name: c.Function.Name, Arguments: args}
			}
			var v []byte
			if len(calls) == 1 {
				v, _ = json.Marshal(calls[0])
			} else {
				v, _ = json.Marshal(calls)
			}
			out.Conversations = append(out.Conversations, ShareGPTTurn{From: "function_call", Value: string(v)})
		case "tool":
			pendingObs = append(pendingObs, m.Content)
		}
	}
	flushObs()
	return out
}

// shareGPTWriter writes sharegpt.jsonl, a line per record.
type shareGPTWriter struct{ enc *json.Encoder }

func newShareGPTWriter(w io.Writer) shareGPTWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return shareGPTWriter{enc}
}

func (s shareGPTWriter) add(r trajectory.Record) error { return s.enc.Encode(ToShareGPT(r)) }
