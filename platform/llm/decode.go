package llm

import (
	"encoding/json"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// unmarshalResponse decodes a chat completion as json.Unmarshal does, with
// the same result and the same errors. Every reply is decoded, and
// encoding/json's reflection (with a first pass over the whole text to
// validate it) was a sixth of the client's CPU, so the common shape is read
// directly: the fields the client uses, any other field skipped. Whatever
// that reader does not take exactly as encoding/json would (a key in
// another case, a key given twice, a number where a string belongs,
// malformed JSON) goes to json.Unmarshal. TestUnmarshalResponseIsJSONUnmarshal
// holds the two together.
func unmarshalResponse(raw []byte, resp *ChatResponse) error {
	d := respDecoder{b: raw}
	if d.response(resp) && d.end() {
		return nil
	}
	*resp = ChatResponse{}
	return json.Unmarshal(raw, resp)
}

// respDecoder reads one chat completion; each method returns false when it
// meets something it leaves to encoding/json.
type respDecoder struct {
	b []byte
	i int
}

func (d *respDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// end says whether only white space is left.
func (d *respDecoder) end() bool {
	d.space()
	return d.i == len(d.b)
}

// peek returns the next byte after white space, or 0 at the end.
func (d *respDecoder) peek() byte {
	d.space()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *respDecoder) byte(c byte) bool {
	if d.peek() != c {
		return false
	}
	d.i++
	return true
}

// null consumes a null, saying whether there was one.
func (d *respDecoder) null() bool {
	if d.peek() == 'n' && len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object whose keys are among names (exactly as written),
// each at most once, calling field for each of them and skipping any other
// key. A key that differs from a name only in case is encoding/json's.
func (d *respDecoder) object(names []string, field func(k int) bool) bool {
	if !d.byte('{') {
		return false
	}
	if d.byte('}') {
		return true
	}
	var seen uint32
	for {
		key, ok := d.key()
		if !ok || !d.byte(':') {
			return false
		}
		k := keyIndex(names, key)
		switch {
		case k >= 0:
			if seen&(1<<k) != 0 {
				return false
			}
			seen |= 1 << k
			if !field(k) {
				return false
			}
		case k == -2:
			return false
		default:
			if !d.skip(0) {
				return false
			}
		}
		if d.byte(',') {
			continue
		}
		return d.byte('}')
	}
}

// keyIndex returns key's index in names, -1 for a key unlike them all and
// -2 for one encoding/json might match to a name (another case, or letters
// beyond ASCII that fold to ASCII ones).
func keyIndex(names []string, key []byte) int {
	for k, n := range names {
		if string(key) == n {
			return k
		}
	}
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return -2
		}
	}
	for _, n := range names {
		if len(n) == len(key) && equalFoldASCII(n, key) {
			return -2
		}
	}
	return -1
}

func equalFoldASCII(s string, b []byte) bool {
	for i := range len(s) {
		x, y := s[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// key reads an object key: a string without escapes (any other goes to
// encoding/json).
func (d *respDecoder) key() ([]byte, bool) {
	if d.peek() != '"' {
		return nil, false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], true
		case c == '\\' || c < ' ':
			return nil, false
		}
	}
	return nil, false
}

var (
	responseKeys = []string{"id", "model", "choices", "usage"}
	choiceKeys   = []string{"index", "message", "finish_reason"}
	messageKeys  = []string{"role", "content", "name", "tool_calls", "tool_call_id", "reasoning_content"}
	callKeys     = []string{"id", "type", "function"}
	functionKeys = []string{"name", "arguments"}
	usageKeys    = []string{"prompt_tokens", "completion_tokens", "total_tokens"}
)

func (d *respDecoder) response(r *ChatResponse) bool {
	return d.object(responseKeys, func(k int) bool {
		switch k {
		case 0:
			return d.str(&r.ID)
		case 1:
			return d.str(&r.Model)
		case 2:
			return d.choices(&r.Choices)
		default:
			return d.usage(&r.Usage)
		}
	})
}

func (d *respDecoder) usage(u *Usage) bool {
	if d.null() {
		return true
	}
	return d.object(usageKeys, func(k int) bool {
		switch k {
		case 0:
			return d.int(&u.PromptTokens)
		case 1:
			return d.int(&u.CompletionTokens)
		default:
			return d.int(&u.TotalTokens)
		}
	})
}

// array reads a JSON array of objects into *out, each element by elem;
// null sets *out to nil, an empty array to an empty slice.
func array[T any](d *respDecoder, out *[]T, elem func(*T) bool) bool {
	if d.null() {
		*out = nil
		return true
	}
	if !d.byte('[') {
		return false
	}
	xs := []T{}
	if !d.byte(']') {
		for {
			var x T
			if !elem(&x) {
				return false
			}
			xs = append(xs, x)
			if d.byte(',') {
				continue
			}
			if !d.byte(']') {
				return false
			}
			break
		}
	}
	*out = xs
	return true
}

func (d *respDecoder) choices(out *[]Choice) bool {
	return array(d, out, func(c *Choice) bool {
		return d.object(choiceKeys, func(k int) bool {
			switch k {
			case 0:
				var n int64
				ok := d.int(&n)
				c.Index = int(n)
				return ok
			case 1:
				return d.message(&c.Message)
			default:
				return d.str(&c.FinishReason)
			}
		})
	})
}

func (d *respDecoder) message(m *Message) bool {
	if d.null() {
		return true
	}
	return d.object(messageKeys, func(k int) bool {
		switch k {
		case 0:
			return d.str(&m.Role)
		case 1:
			return d.str(&m.Content)
		case 2:
			return d.str(&m.Name)
		case 3:
			return d.calls(&m.ToolCalls)
		case 4:
			return d.str(&m.ToolCallID)
		default:
			return d.str(&m.ReasoningContent)
		}
	})
}

func (d *respDecoder) calls(out *[]ToolCall) bool {
	return array(d, out, func(c *ToolCall) bool {
		return d.object(callKeys, func(k int) bool {
			switch k {
			case 0:
				return d.str(&c.ID)
			case 1:
				return d.str(&c.Type)
			default:
				if d.null() {
					return true
				}
				return d.object(functionKeys, func(k int) bool {
					if k == 0 {
						return d.str(&c.Function.Name)
					}
					return d.str(&c.Function.Arguments)
				})
			}
		})
	})
}

// int reads an integer (null leaves n as it is); a number with a fraction
// or an exponent, or one out of range, is encoding/json's to refuse.
func (d *respDecoder) int(n *int64) bool {
	if d.null() {
		return true
	}
	d.space()
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || d.b[digits] == '0' && d.i-digits > 1 {
		return false
	}
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '.', 'e', 'E':
			return false
		}
	}
	v, err := strconv.ParseInt(string(d.b[start:d.i]), 10, 64)
	if err != nil {
		return false
	}
	*n = v
	return true
}

// str reads a string (null leaves s as it is).
func (d *respDecoder) str(s *string) bool {
	if d.null() {
		return true
	}
	if d.peek() != '"' {
		return false
	}
	start := d.i + 1
	j := start
	for j < len(d.b) {
		c := d.b[j]
		if c == '"' {
			d.i = j + 1
			*s = string(d.b[start:j])
			return true
		}
		if c == '\\' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			j++
			continue
		}
		r, size := utf8.DecodeRune(d.b[j:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		j += size
	}
	return d.unquote(s, start, j)
}

// unquote reads the rest of a string from j on, where an escape or a byte
// that is not UTF-8 is: as encoding/json does, an invalid surrogate or
// byte becomes U+FFFD.
func (d *respDecoder) unquote(s *string, start, j int) bool {
	out := make([]byte, 0, len(d.b[start:j])+64)
	out = append(out, d.b[start:j]...)
	for j < len(d.b) {
		c := d.b[j]
		switch {
		case c == '"':
			d.i = j + 1
			*s = string(out)
			return true
		case c < ' ':
			return false
		case c == '\\':
			if j+1 >= len(d.b) {
				return false
			}
			e := d.b[j+1]
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(d.b[j+2:])
				if r < 0 {
					return false
				}
				j += 6
				if utf16.IsSurrogate(r) {
					if r2 := d.escapedRune(j); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							out = utf8.AppendRune(out, dec)
							j += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, r)
				continue
			default:
				return false
			}
			j += 2
		case c < utf8.RuneSelf:
			out = append(out, c)
			j++
		default:
			r, size := utf8.DecodeRune(d.b[j:])
			out = utf8.AppendRune(out, r)
			j += size
		}
	}
	return false
}

// escapedRune returns the rune of a \uXXXX escape at j, or -1.
func (d *respDecoder) escapedRune(j int) rune {
	if j+1 >= len(d.b) || d.b[j] != '\\' || d.b[j+1] != 'u' {
		return -1
	}
	return hex4(d.b[j+2:])
}

// hex4 reads four hex digits, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// skip passes over a value of a field the client does not read, checking
// it is well-formed JSON (depth bounds the nesting it follows itself).
func (d *respDecoder) skip(depth int) bool {
	if depth > 64 {
		return false
	}
	switch c := d.peek(); {
	case c == '"':
		var s string
		return d.str(&s)
	case c == '{':
		d.i++
		if d.byte('}') {
			return true
		}
		for {
			if _, ok := d.key(); !ok || !d.byte(':') || !d.skip(depth+1) {
				return false
			}
			if d.byte(',') {
				continue
			}
			return d.byte('}')
		}
	case c == '[':
		d.i++
		if d.byte(']') {
			return true
		}
		for {
			if !d.skip(depth + 1) {
				return false
			}
			if d.byte(',') {
				continue
			}
			return d.byte(']')
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.null()
	default:
		return d.number()
	}
}

func (d *respDecoder) literal(lit string) bool {
	if len(d.b)-d.i >= len(lit) && string(d.b[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	return false
}

// number passes over a JSON number.
func (d *respDecoder) number() bool {
	digits := func() int {
		n := 0
		for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	first := d.i
	n := digits()
	if n == 0 || n > 1 && d.b[first] == '0' {
		return false
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return false
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
