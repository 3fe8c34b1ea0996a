package llm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Normalize moves what a server left in a reply's content into the fields
// the OpenAI format has for it, so every chat template yields the same
// message: <think>…</think> blocks (Qwen3, DeepSeek-R1, QwQ served without
// a reasoning parser) into ReasoningContent, and tool calls written as text
// (servers run without a tool parser, or models that ignore it) into
// ToolCalls. Tool calls are read only when the request declared tools and
// the reply has none; a bare JSON object counts as a call only when it names
// a declared tool, so a JSON answer is never mistaken for one. Forms read:
//
//   - Hermes, Qwen 2.5/3: <tool_call>{"name": …, "arguments": {…}}</tool_call>, one block per call;
//   - Llama 3.1–3.3: <|python_tag|>{"name": …, "parameters": {…}} (calls separated by ";"),
//     <function=name>{…}</function>, or the bare JSON object (or a list of them);
//   - Mistral: [TOOL_CALLS][{"name": …, "arguments": {…}}, …] or [TOOL_CALLS]name[ARGS]{…}.
//
// Content left beside the calls stays content.
func Normalize(m Message, tools []Tool) Message {
	m.Content, m.ReasoningContent = splitThink(m.Content, m.ReasoningContent)
	if len(tools) == 0 || len(m.ToolCalls) > 0 {
		return m
	}
	declared := map[string]bool{}
	for _, t := range tools {
		declared[t.Function.Name] = true
	}
	if calls, rest, ok := textToolCalls(m.Content, declared); ok {
		m.ToolCalls = calls
		m.Content = rest
		for i := range m.ToolCalls {
			m.ToolCalls[i].ID = fmt.Sprintf("call_%d", i+1)
			m.ToolCalls[i].Type = "function"
		}
	}
	return m
}

// splitThink moves <think> blocks out of content. A reply that holds only a
// closing tag had its opening tag in the prompt (the Qwen3 and DeepSeek-R1
// templates put it there): everything before the tag is reasoning. An
// unclosed block (a truncated reply) is reasoning to the end.
func splitThink(content, reasoning string) (string, string) {
	const open, closing = "<think>", "</think>"
	var thoughts []string
	if reasoning = strings.TrimSpace(reasoning); reasoning != "" {
		thoughts = append(thoughts, reasoning)
	}
	rest := content
	if i, j := strings.Index(rest, closing), strings.Index(rest, open); i >= 0 && (j < 0 || i < j) {
		thoughts = append(thoughts, strings.TrimSpace(rest[:i]))
		rest = rest[i+len(closing):]
	}
	var out strings.Builder
	for {
		i := strings.Index(rest, open)
		if i < 0 {
			out.WriteString(rest)
			break
		}
		out.WriteString(rest[:i])
		rest = rest[i+len(open):]
		j := strings.Index(rest, closing)
		if j < 0 {
			thoughts = append(thoughts, strings.TrimSpace(rest))
			break
		}
		thoughts = append(thoughts, strings.TrimSpace(rest[:j]))
		rest = rest[j+len(closing):]
	}
	var kept []string
	for _, t := range thoughts {
		if t != "" {
			kept = append(kept, t)
		}
	}
	if len(thoughts) == 0 || (len(thoughts) == 1 && reasoning != "") {
		return content, reasoning
	}
	return strings.TrimSpace(out.String()), strings.Join(kept, "\n\n")
}

var (
	hermesBlock  = regexp.MustCompile(`(?s)<tool_call>\s*(.*?)\s*(?:</tool_call>|$)`)
	functionTag  = regexp.MustCompile(`(?s)<function=([A-Za-z0-9_.\-]+)>\s*(.*?)\s*</function>`)
	mistralArgs  = regexp.MustCompile(`(?s)\[TOOL_CALLS\]\s*([A-Za-z0-9_.\-]+)\s*\[ARGS\]\s*`)
	llamaEndings = strings.NewReplacer("<|eom_id|>", "", "<|eot_id|>", "", "<|end_of_text|>", "")
)

// textToolCalls finds tool calls written in content; rest is the content
// around them.
func textToolCalls(content string, declared map[string]bool) (calls []ToolCall, rest string, ok bool) {
	switch {
	case strings.Contains(content, "<tool_call>"):
		for _, m := range hermesBlock.FindAllStringSubmatch(content, -1) {
			cs, ok := jsonCalls(m[1], nil)
			if !ok {
				return nil, "", false
			}
			calls = append(calls, cs...)
		}
		return calls, strings.TrimSpace(hermesBlock.ReplaceAllString(content, "")), len(calls) > 0
	case strings.Contains(content, "<|python_tag|>"):
		i := strings.Index(content, "<|python_tag|>")
		body := strings.TrimSpace(llamaEndings.Replace(content[i+len("<|python_tag|>"):]))
		for _, part := range splitTopLevel(body, ';') {
			cs, ok := jsonCalls(part, nil)
			if !ok {
				return nil, "", false
			}
			calls = append(calls, cs...)
		}
		return calls, strings.TrimSpace(content[:i]), len(calls) > 0
	case functionTag.MatchString(content):
		for _, m := range functionTag.FindAllStringSubmatch(content, -1) {
			args, ok := argumentsText([]byte(m[2]))
			if !ok {
				return nil, "", false
			}
			calls = append(calls, ToolCall{Function: FunctionCall{Name: m[1], Arguments: args}})
		}
		return calls, strings.TrimSpace(functionTag.ReplaceAllString(content, "")), true
	case strings.Contains(content, "[TOOL_CALLS]"):
		i := strings.Index(content, "[TOOL_CALLS]")
		body := content[i:]
		if locs := mistralArgs.FindAllStringSubmatchIndex(body, -1); len(locs) > 0 {
			for k, l := range locs {
				end := len(body)
				if k+1 < len(locs) {
					end = locs[k+1][0]
				}
				args, ok := argumentsText([]byte(strings.TrimSpace(body[l[1]:end])))
				if !ok {
					return nil, "", false
				}
				calls = append(calls, ToolCall{Function: FunctionCall{Name: body[l[2]:l[3]], Arguments: args}})
			}
			return calls, strings.TrimSpace(content[:i]), true
		}
		cs, ok := jsonCalls(strings.TrimPrefix(body, "[TOOL_CALLS]"), nil)
		return cs, strings.TrimSpace(content[:i]), ok
	}
	// The bare JSON form (Llama 3.x JSON tool calling, many small models).
	trimmed := strings.TrimSpace(llamaEndings.Replace(stripFence(content)))
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		if cs, ok := jsonCalls(trimmed, declared); ok {
			return cs, "", true
		}
	}
	return nil, "", false
}

// stripFence removes a Markdown code fence around the whole text.
func stripFence(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "```") || !strings.HasSuffix(t, "```") || len(t) < 6 {
		return s
	}
	t = strings.TrimSuffix(t[3:], "```")
	if i := strings.IndexByte(t, '\n'); i >= 0 && !strings.ContainsAny(t[:i], "{[") {
		t = t[i+1:] // the fence's language tag
	}
	return t
}

// textCall is one call as models write it: arguments under "arguments" or
// "parameters", as an object or as JSON text; OpenAI's nested form too.
type textCall struct {
	Name       string          `json:"name"`
	Arguments  json.RawMessage `json:"arguments"`
	Parameters json.RawMessage `json:"parameters"`
	Function   *textCall       `json:"function"`
}

// jsonCalls reads one call object or a list of them. With declared set,
// every name must be a declared tool and the object must have arguments.
func jsonCalls(s string, declared map[string]bool) ([]ToolCall, bool) {
	s = strings.TrimSpace(s)
	var list []textCall
	if strings.HasPrefix(s, "[") {
		if err := strictDecode(s, &list); err != nil {
			return nil, false
		}
	} else {
		var one textCall
		if err := strictDecode(s, &one); err != nil {
			return nil, false
		}
		list = []textCall{one}
	}
	var out []ToolCall
	for _, c := range list {
		if c.Function != nil && c.Name == "" {
			c = *c.Function
		}
		raw := c.Arguments
		if len(raw) == 0 {
			raw = c.Parameters
		}
		if c.Name == "" || declared != nil && (!declared[c.Name] || len(raw) == 0) {
			return nil, false
		}
		args, ok := argumentsText(raw)
		if !ok {
			return nil, false
		}
		out = append(out, ToolCall{Function: FunctionCall{Name: c.Name, Arguments: args}})
	}
	return out, len(out) > 0
}

// strictDecode decodes exactly one JSON value, nothing after it.
func strictDecode(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("text after the JSON value")
	}
	return nil
}

// argumentsText returns arguments as compact JSON object text; absent
// arguments are {}.
func argumentsText(raw []byte) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "{}", true
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		raw = []byte(strings.TrimSpace(s))
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		return "", false
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return "", false
	}
	return b.String(), true
}

// splitTopLevel splits s at sep outside JSON strings, objects and lists.
func splitTopLevel(s string, sep byte) []string {
	var out []string
	depth, start, inStr, esc := 0, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	out = append(out, s[start:])
	var kept []string
	for _, p := range out {
		if strings.TrimSpace(p) != "" {
			kept = append(kept, p)
		}
	}
	return kept
}
