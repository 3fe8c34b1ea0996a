package llm

import (
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
)

// encodeRequest returns the bytes json.Marshal gives for req, written
// directly: the request is encoded on every call, and the reflection of
// encoding/json, with the compaction of every tool's schema at each call,
// was a fifth of the client's CPU. Anything it does not write the way
// encoding/json would (a NaN temperature, a schema that is not JSON) is
// left to json.Marshal, errors included. TestEncodeRequestIsJSONMarshal
// holds the two together.
func encodeRequest(req *ChatRequest) ([]byte, error) {
	if !plainFloat(req.Temperature) || !plainFloat(req.TopP) {
		return json.Marshal(req)
	}
	b := make([]byte, 0, requestSize(req))
	b = append(b, `{"model":`...)
	b = appendString(b, req.Model)
	b = append(b, `,"messages":`...)
	if req.Messages == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range req.Messages {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendMessage(b, &req.Messages[i])
		}
		b = append(b, ']')
	}
	if len(req.Tools) > 0 {
		b = append(b, `,"tools":[`...)
		for i := range req.Tools {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendTool(b, &req.Tools[i]); !ok {
				return json.Marshal(req)
			}
		}
		b = append(b, ']')
	}
	var ok bool
	if len(req.ToolChoice) > 0 {
		b = append(b, `,"tool_choice":`...)
		if b, ok = appendRaw(b, req.ToolChoice); !ok {
			return json.Marshal(req)
		}
	}
	if req.ParallelToolCalls != nil {
		b = append(b, `,"parallel_tool_calls":`...)
		b = strconv.AppendBool(b, *req.ParallelToolCalls)
	}
	if f := req.ResponseFormat; f != nil {
		b = append(b, `,"response_format":{"type":`...)
		b = appendString(b, f.Type)
		if len(f.JSONSchema) > 0 {
			b = append(b, `,"json_schema":`...)
			if b, ok = appendRaw(b, f.JSONSchema); !ok {
				return json.Marshal(req)
			}
		}
		b = append(b, '}')
	}
	if req.Temperature != nil {
		b = append(b, `,"temperature":`...)
		b = appendFloat(b, *req.Temperature)
	}
	if req.TopP != nil {
		b = append(b, `,"top_p":`...)
		b = appendFloat(b, *req.TopP)
	}
	if req.MaxTokens != 0 {
		b = append(b, `,"max_tokens":`...)
		b = strconv.AppendInt(b, int64(req.MaxTokens), 10)
	}
	if req.Seed != nil {
		b = append(b, `,"seed":`...)
		b = strconv.AppendInt(b, *req.Seed, 10)
	}
	b = append(b, `,"stream":`...)
	b = strconv.AppendBool(b, req.Stream)
	return append(b, '}'), nil
}

// requestSize is about what req encodes to, so the buffer is made once.
func requestSize(req *ChatRequest) int {
	n := 256 + len(req.Model) + len(req.ToolChoice)
	if f := req.ResponseFormat; f != nil {
		n += len(f.JSONSchema)
	}
	for i := range req.Messages {
		m := &req.Messages[i]
		n += 64 + len(m.Role) + len(m.Content) + len(m.Name) + len(m.ToolCallID) + len(m.ReasoningContent)
		for _, c := range m.ToolCalls {
			n += 64 + len(c.ID) + len(c.Type) + len(c.Function.Name) + len(c.Function.Arguments)
		}
	}
	for i := range req.Tools {
		t := &req.Tools[i]
		n += 64 + len(t.Type) + len(t.Function.Name) + len(t.Function.Description) + len(t.Function.Parameters)
	}
	return n + n/16 // escapes
}

func appendMessage(b []byte, m *Message) []byte {
	b = append(b, `{"role":`...)
	b = appendString(b, m.Role)
	b = append(b, `,"content":`...)
	b = appendString(b, m.Content)
	if m.Name != "" {
		b = append(b, `,"name":`...)
		b = appendString(b, m.Name)
	}
	if len(m.ToolCalls) > 0 {
		b = append(b, `,"tool_calls":[`...)
		for i, c := range m.ToolCalls {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendString(b, c.ID)
			b = append(b, `,"type":`...)
			b = appendString(b, c.Type)
			b = append(b, `,"function":{"name":`...)
			b = appendString(b, c.Function.Name)
			b = append(b, `,"arguments":`...)
			b = appendString(b, c.Function.Arguments)
			b = append(b, "}}"...)
		}
		b = append(b, ']')
	}
	if m.ToolCallID != "" {
		b = append(b, `,"tool_call_id":`...)
		b = appendString(b, m.ToolCallID)
	}
	if m.ReasoningContent != "" {
		b = append(b, `,"reasoning_content":`...)
		b = appendString(b, m.ReasoningContent)
	}
	return append(b, '}')
}

func appendTool(b []byte, t *Tool) ([]byte, bool) {
	b = append(b, `{"type":`...)
	b = appendString(b, t.Type)
	b = append(b, `,"function":{"name":`...)
	b = appendString(b, t.Function.Name)
	if t.Function.Description != "" {
		b = append(b, `,"description":`...)
		b = appendString(b, t.Function.Description)
	}
	if len(t.Function.Parameters) > 0 {
		b = append(b, `,"parameters":`...)
		var ok bool
		if b, ok = appendRaw(b, t.Function.Parameters); !ok {
			return b, false
		}
	}
	return append(b, "}}"...), true
}

// compacted holds raw JSON values (tool schemas, response formats) as
// encoding/json writes them, compacted and HTML-escaped: the same few
// schemas go out with every call of a job.
var compacted struct {
	sync.Mutex
	m map[string][]byte
}

// compactedMax bounds the memo; past it, it starts again.
const compactedMax = 4096

// appendRaw appends raw as encoding/json writes a json.RawMessage; false
// when raw is not valid JSON.
func appendRaw(b []byte, raw json.RawMessage) ([]byte, bool) {
	compacted.Lock()
	out, ok := compacted.m[string(raw)]
	compacted.Unlock()
	if !ok {
		var err error
		if out, err = json.Marshal(raw); err != nil {
			return b, false
		}
		compacted.Lock()
		if compacted.m == nil || len(compacted.m) >= compactedMax {
			compacted.m = make(map[string][]byte)
		}
		compacted.m[string(raw)] = out
		compacted.Unlock()
	}
	return append(b, out...), true
}

// plainFloat says whether f is absent or a number JSON can hold.
func plainFloat(f *float64) bool {
	return f == nil || !math.IsInf(*f, 0) && !math.IsNaN(*f)
}

// appendFloat writes f as encoding/json does (ES6 number formatting).
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// htmlSafe are the ASCII bytes encoding/json writes as they are.
var htmlSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string the way encoding/json does: <, >
// and & escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
