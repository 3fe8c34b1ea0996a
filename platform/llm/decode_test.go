package llm

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func randResponse(r *rand.Rand) ChatResponse {
	resp := ChatResponse{ID: randString(r), Model: randString(r), Usage: Usage{PromptTokens: r.Int64N(5000), CompletionTokens: r.Int64N(500) - 10, TotalTokens: r.Int64()}}
	if r.IntN(6) > 0 {
		resp.Choices = []Choice{}
		for range r.IntN(3) {
			c := Choice{Index: r.IntN(3), FinishReason: randString(r), Message: Message{Role: randString(r), Content: randString(r), ReasoningContent: randString(r)}}
			if r.IntN(3) == 0 {
				c.Message.Name, c.Message.ToolCallID = randString(r), randString(r)
			}
			for range r.IntN(3) {
				c.Message.ToolCalls = append(c.Message.ToolCalls, ToolCall{ID: randString(r), Type: randString(r), Function: FunctionCall{Name: randString(r), Arguments: randString(r)}})
			}
			resp.Choices = append(resp.Choices, c)
		}
	}
	return resp
}

// edits turn a well-formed reply into one of the shapes servers send or
// the reader must leave to encoding/json.
var edits = []func(r *rand.Rand, s string) string{
	func(r *rand.Rand, s string) string { // a field the client does not read
		extra := []string{`"system_fingerprint":"fp_1"`, `"created":1717000000`, `"logprobs":null`, `"x":{"a":[1,2.5e3,-0.1,true,false,null,{"b":"\u00e9\ud83d\ude00"}]}`, `"object":"chat.completion"`, `"bad":01`, `"bad":1.`, `"bad":[1,]`, `"bad":"\x01"`, `"ID":"upper"`, `"Model":"x"`, `"ſd":1`, `"id":"again"`}
		i := strings.IndexByte(s, '{')
		return s[:i+1] + extra[r.IntN(len(extra))] + "," + s[i+1:]
	},
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"content":""`, `"content":null`, 1) },
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"tool_calls":[`, `"tool_calls":null,"x":[`, 1)
	},
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"usage":{`, `"usage":null,"u":{`, 1) },
	func(r *rand.Rand, s string) string { return strings.ReplaceAll(s, ",", " ,\n\t") },
	func(r *rand.Rand, s string) string { return strings.ReplaceAll(s, ":", ": ") },
	func(r *rand.Rand, s string) string { return " " + s + "\n" },
	func(r *rand.Rand, s string) string { return s + "x" },
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"index":`, `"index":1.5,"i":`, 1) },
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"prompt_tokens":`, `"prompt_tokens":"7","p":`, 1)
	},
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"prompt_tokens":`, `"prompt_tokens":99999999999999999999,"p":`, 1)
	},
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"choices":[`, `"choices":[null,`, 1) },
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"role":"`, `"role":"\ud800\u0041 \udc00 \ud83d\ude00 \/ \u00E9 `, 1)
	},
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"role":"`, `"role":"\ud83d`, 1) },
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"role":"`, `"role":"\x`, 1) },
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"role":"`, `"role":"\'`, 1) },
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"model":"`, `"model":"\b\f\n\r\t\"\\`, 1)
	},
	func(r *rand.Rand, s string) string { return strings.Replace(s, `"role":"`, `"role":"\u12`, 1) },
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"role":"`, "\"role\":\"\xff\xfe\xe2\x82", 1)
	},
	func(r *rand.Rand, s string) string {
		return strings.Replace(s, `"function":{`, `"function":null,"f":{`, 1)
	},
	func(r *rand.Rand, s string) string { // a byte cut, doubled or changed
		if len(s) == 0 {
			return s
		}
		i := r.IntN(len(s))
		switch r.IntN(3) {
		case 0:
			return s[:i] + s[i+1:]
		case 1:
			return s[:i] + s[i:i+1] + s[i:]
		default:
			return s[:i] + string("{}[]\",:0 -ne\\"[r.IntN(13)]) + s[i+1:]
		}
	},
}

// TestUnmarshalResponseIsJSONUnmarshal: the reader gives what json.Unmarshal
// gives, errors included, over random replies, well-formed and not.
func TestUnmarshalResponseIsJSONUnmarshal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fast, failed := 0, 0
	for range 30000 {
		resp := randResponse(r)
		b, _ := json.Marshal(resp)
		s := string(b)
		if r.IntN(4) == 0 { // servers that escape everything beyond ASCII
			s = strings.ReplaceAll(s, "é", `\u00e9`)
		}
		for range r.IntN(3) {
			s = edits[r.IntN(len(edits))](r, s)
		}
		var want ChatResponse
		wantErr := json.Unmarshal([]byte(s), &want)
		var got ChatResponse
		err := unmarshalResponse([]byte(s), &got)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%s\nerror %v, json.Unmarshal's %v", s, err, wantErr)
		}
		if err != nil {
			failed++
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s\n got %#v\nwant %#v", s, got, want)
		}
		d := respDecoder{b: []byte(s)}
		var x ChatResponse
		if d.response(&x) && d.end() {
			fast++
		}
	}
	t.Logf("fast %d failed %d", fast, failed)
	if fast < 10000 || failed < 1000 {
		t.Fatalf("of 30000 replies %d were read directly and %d failed: the test does not cover both readers and errors", fast, failed)
	}
}
