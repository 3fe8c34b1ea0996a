package trajectory

import (
	"math"
	"slices"
	"testing"
)

func user(s string) Message        { return Message{Role: "user", Content: s} }
func answer(s string) Message      { return Message{Role: "assistant", Content: s} }
func calls(cs ...ToolCall) Message { return Message{Role: "assistant", ToolCalls: cs} }
func tool(id, content string) Message {
	return Message{Role: "tool", ToolCallID: id, Content: content}
}
func call(id, name, args string) ToolCall {
	return ToolCall{ID: id, Type: "function", Function: FunctionCall{Name: name, Arguments: args}}
}

// TestMeasure checks hand-computed signatures and CAC for every token and rule.
func TestMeasure(t *testing.T) {
	cases := []struct {
		name string
		msgs []Message
		sig  string
		cac  float64
	}{
		{"one independent call", []Message{
			{Role: "system", Content: "You are helpful."},
			user("Weather in Paris?"),
			calls(call("c1", "get_weather", `{"city":"Paris"}`)),
			tool("c1", `{"temp":21}`),
			answer("21 degrees."),
		}, "[u].ans", 1.25},
		{"dependent chain", []Message{
			user("Orders of alice"),
			calls(call("c1", "get_user", `{"name":"alice"}`)),
			tool("c1", `{"user_id":"u-1234"}`),
			calls(call("c2", "list_orders", `{"user_id":"u-1234","limit":10}`)),
			tool("c2", `{"orders":[]}`),
			answer("None."),
		}, "[u].[d].ans", 1.25 + 2.5},
		{"parallel group", []Message{
			user("Paris and Rome?"),
			calls(call("c1", "get_weather", `{"city":"Paris"}`), call("c2", "get_weather", `{"city":"Rome"}`)),
			tool("c1", `{"temp":21}`), tool("c2", `{"temp":25}`),
			answer("21 and 25."),
		}, "[uu].ans", 4.5},
		{"error then recovery", []Message{
			user("Order A1"),
			calls(call("c1", "get_order", `{"order_id":"A1"}`)),
			tool("c1", `{"error":"not found"}`),
			calls(call("c2", "get_order", `{"order_id":"A-100"}`)),
			tool("c2", `{"id":"A-100"}`),
			answer("Found A-100."),
		}, "[u!].[u].ans", 1.25 + 2.25},
		{"clarification: the reply supplies a value a later call passes", []Message{
			user("Book a table for 4"),
			answer("Under which name?"),
			user("Okafor, please"),
			calls(call("c1", "book", `{"people":4,"name":"Okafor"}`)),
			tool("c1", `{"booking":"B-77"}`),
			answer("Booked."),
		}, "ask.u.[u].ans", 0.5 + 0.5 + 1.5},
		{"a reply that supplies nothing is not an ask", []Message{
			user("Book a table"),
			answer("For how many people?"),
			user("4"),
			calls(call("c1", "book", `{"people":4,"time":"19:00"}`)),
			tool("c1", `{"booking":"B-77"}`),
			answer("Booked."),
		}, "ans.u.[u].ans", 0.5 + 1.5},
		{"a value repeated in the reply was supplied before: no ask", []Message{
			user("Search invoice launch"),
			answer("What words should I search for?"),
			user("As I said, invoice launch"),
			calls(call("c1", "search", `{"q":"invoice launch"}`)),
			tool("c1", `{"hits":3}`),
			answer("Three hits."),
		}, "ans.u.[u].ans", 0.5 + 1.25},
		{"a number of three characters supplied in the reply", []Message{
			user("Move the meeting"),
			answer("To which room?"),
			user("Room 204"),
			calls(call("c1", "move", `{"room":204}`)),
			tool("c1", `{"ok":true}`),
			answer("Moved."),
		}, "ask.u.[u].ans", 0.5 + 0.5 + 1.25},
		{"closing remark, then a follow-up that brings no new value", []Message{
			user("Latest order?"),
			calls(call("c1", "latest_order", `{}`)),
			tool("c1", `{"order_id":"ord-991"}`),
			answer("ord-991. Anything else?"),
			user("Track it"),
			calls(call("c2", "track", `{"order_id":"ord-991"}`)),
			tool("c2", `{"status":"shipped"}`),
			answer("Shipped."),
		}, "[u].ans.u.[d].ans", 1 + 0.5 + 2.25},
		{"code tool", []Message{
			user("1+1?"),
			calls(call("c1", "python", `{"code":"print(1+1)"}`)),
			tool("c1", "2"),
			answer("2."),
		}, "[x].ans", 3.25},
		{"mixed parallel group sorts letters, error flag, call after error", []Message{
			user("Rate?"),
			calls(call("c1", "python", `{"code":"x"}`), call("c2", "get_rate", `{"currency":"EUR"}`)),
			tool("c1", "ok"), tool("c2", `{"is_error":true,"message":"rate limited"}`),
			calls(call("c3", "get_rate", `{"currency":"EUR"}`)),
			tool("c3", `{"rate":1.1}`),
			answer("1.1"),
		}, "[u!x].[u].ans", 4.25 + 2.25 + 2.25},
		{"multi-intent follow-up", []Message{
			user("Weather?"),
			calls(call("c1", "get_weather", `{"city":"Oslo"}`)),
			tool("c1", `{"temp":3}`),
			answer("3 degrees."),
			user("Also book a taxi."),
			calls(call("c2", "book_taxi", `{"to":"airport"}`)),
			tool("c2", `{"ok":true}`),
			answer("Booked."),
		}, "[u].ans.u.[u].ans", 1.25 + 0.5 + 1.25},
		{"a follow-up request that states a new value answers an ask (grammar v2)", []Message{
			user("Weather?"),
			calls(call("c1", "get_weather", `{"city":"Oslo"}`)),
			tool("c1", `{"temp":3}`),
			answer("3 degrees. Anything else?"),
			user("And in Bergen?"),
			calls(call("c2", "get_weather", `{"city":"Bergen"}`)),
			tool("c2", `{"temp":5}`),
			answer("5 degrees."),
		}, "[u].ask.u.[u].ans", 1.25 + 0.5 + 0.5 + 1.25},
		{"the design's example", []Message{
			user("Refund my last order"),
			calls(call("c1", "list_orders", `{"user":"me"}`)),
			tool("c1", `{"orders":[{"id":"ord-991"}]}`),
			answer("Refund ord-991? Why?"),
			user("yes, it came late"),
			calls(call("c2", "refund", `{"order_id":"ord-991"}`)),
			tool("c2", `{"error":"needs reason"}`),
			calls(call("c3", "refund", `{"order_id":"ord-991","reason":"came late"}`)),
			tool("c3", `{"ok":true}`),
			answer("Refunded."),
		}, "[u].ask.u.[d!].[d].ans", 1.25 + 0.5 + 0.5 + 2.25 + (1 + 0.5 + 1 + 1)},
		{"numbers: three characters are dependent, two are not", []Message{
			user("Top items"),
			calls(call("c1", "count", `{}`)),
			tool("c1", `{"count":250,"page":25}`),
			calls(call("c2", "list", `{"n":250}`), call("c3", "list", `{"n":25}`)),
			tool("c2", `[]`), tool("c3", `[]`),
			answer("Done."),
		}, "[u].[du].ans", 1 + (1 + 0.25 + 1 + 1) + (1 + 0.25 + 1)},
		{"short strings and nested leaves", []Message{
			user("Go"),
			calls(call("c1", "a", `{}`)),
			tool("c1", `{"k":"ab","deep":"xyz"}`),
			calls(call("c2", "b", `{"q":"ab","f":{"g":["xyz",true,null]}}`)),
			tool("c2", `{}`),
			answer("ok"),
		}, "[u].[d].ans", 1 + (1 + 0.25*4 + 1)},
		{"intermediate assistant text is an answer token", []Message{
			user("Go"),
			answer("Let me check."),
			calls(call("c1", "a", `{"x":1}`)),
			tool("c1", `{}`),
			answer("Done."),
		}, "ans.[u].ans", 1.25},
		{"unparsable arguments count no leaves", []Message{
			user("Go"),
			calls(call("c1", "a", `not json`)),
			tool("c1", `{}`),
			answer("Done."),
		}, "[u].ans", 1},
		{"code call with a dependent argument: still x, the dependent value still counts", []Message{
			user("Total of the orders?"),
			calls(call("c1", "list_orders", `{}`)),
			tool("c1", `{"orders":[{"id":"ord-991","amount":125}]}`),
			calls(call("c2", "sql", `{"code":"select sum(amount) from t","id":"ord-991"}`)),
			tool("c2", `{"stdout":"125"}`),
			answer("125."),
		}, "[u].[x].ans", 1 + (1 + 0.5 + 1 + 2)},
		{"bash is a code tool; an error flag false is no error", []Message{
			user("List files"),
			calls(call("c1", "bash", `{"code":"ls"}`)),
			tool("c1", `{"isError":false,"stdout":"a.txt"}`),
			answer("a.txt"),
		}, "[x].ans", 3.25},
		{"the bonus after an error goes to the first call only, across a clarification", []Message{
			user("Cancel my booking"),
			calls(call("c1", "cancel", `{"booking":"B-12345"}`)),
			tool("c1", `{"error":"need a reason"}`),
			answer("Why do you cancel?"),
			user("Plans changed"),
			calls(call("c2", "cancel", `{"booking":"B-12345","reason":"Plans changed"}`), call("c3", "notify", `{"to":"me"}`)),
			tool("c2", `{"ok":true}`), tool("c3", `{"ok":true}`),
			answer("Cancelled."),
		}, "[u!].ask.u.[uu].ans", 1.25 + 0.5 + 0.5 + (1 + 0.5 + 1 + 1) + (1 + 0.25 + 1)},
		{"no user message", []Message{answer("Hello")}, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Measure(c.msgs)
			if got.Signature != c.sig || math.Abs(got.CAC-c.cac) > 1e-9 {
				t.Fatalf("got %q CAC %v, want %q CAC %v", got.Signature, got.CAC, c.sig, c.cac)
			}
		})
	}
}

func TestIsError(t *testing.T) {
	for content, want := range map[string]bool{
		`{"error":"boom"}`:           true,
		`{"error":{"code":404}}`:     true,
		`{"is_error":true}`:          true,
		`{"isError":true}`:           true,
		`{"error":null}`:             false,
		`{"error":false}`:            false,
		`{"is_error":false}`:         false,
		`{"result":"error in text"}`: false,
		`error`:                      false,
		`[{"error":"x"}]`:            false,
		`{"\u0065rror":"escaped"}`:   true,
		`{"errors":["not the key"]}`: false,
	} {
		if got := IsError(content); got != want {
			t.Errorf("IsError(%s) = %v, want %v", content, got, want)
		}
	}
}

func TestEntropy(t *testing.T) {
	cases := []struct {
		counts map[string]int
		want   float64
	}{
		{map[string]int{}, 0},
		{map[string]int{"a": 7}, 0},
		{map[string]int{"a": 1, "b": 1}, 1},
		{map[string]int{"a": 2, "b": 1, "c": 1}, 1.5},
		{map[string]int{"a": 1, "b": 1, "c": 1, "d": 1, "e": 0}, 2},
	}
	for _, c := range cases {
		if got := Entropy(c.counts); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Entropy(%v) = %v, want %v", c.counts, got, c.want)
		}
	}
}

// TestRequests checks how a trajectory splits into requests: at every user
// message that is not the reply to an ask.
func TestRequests(t *testing.T) {
	cases := []struct {
		name string
		msgs []Message
		want []string
	}{
		{"one request", []Message{
			user("Weather in Paris?"),
			calls(call("c1", "get_weather", `{"city":"Paris"}`)),
			tool("c1", `{"temp":21}`),
			answer("21 degrees."),
		}, []string{"[u].ans"}},
		{"a clarification stays inside its request", []Message{
			user("Book a table for 4"),
			answer("Under which name?"),
			user("Okafor"),
			calls(call("c1", "book", `{"people":4,"name":"Okafor"}`)),
			tool("c1", `{"booking":"B-77"}`),
			answer("Booked."),
		}, []string{"ask.u.[u].ans"}},
		{"a follow-up is a new request", []Message{
			user("Latest order?"),
			calls(call("c1", "latest_order", `{}`)),
			tool("c1", `{"order_id":"ord-991"}`),
			answer("ord-991."),
			user("Track it"),
			calls(call("c2", "track", `{"order_id":"ord-991"}`)),
			tool("c2", `{"status":"shipped"}`),
			answer("Shipped."),
			user("Thanks, that is all."),
			answer("You're welcome."),
		}, []string{"[u].ans", "[d].ans", "ans"}},
		{"no user message", []Message{answer("Hello")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Measure(c.msgs)
			if !slices.Equal(m.Requests, c.want) {
				t.Fatalf("got %q, want %q", m.Requests, c.want)
			}
			if c.want != nil && !slices.Equal(RequestsOf(m.Signature), c.want) {
				t.Fatalf("RequestsOf(%q) = %q, want %q", m.Signature, RequestsOf(m.Signature), c.want)
			}
		})
	}
}
