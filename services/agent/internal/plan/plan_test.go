package plan

import (
	"testing"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"
)

func TestHolds(t *testing.T) {
	doc, _ := Decode(`{"n":5,"s":"abc","l":[],"tags":["x"],"e":""}`)
	cond := func(path, op, val string) *blueprintv1.Condition {
		return &blueprintv1.Condition{Subject: &blueprintv1.CallReference{CallId: "c1", Path: path}, Operator: op, ValueJson: val}
	}
	for _, c := range []struct {
		c    *blueprintv1.Condition
		want bool
	}{
		{cond("$.n", "gt", "4.5"), true}, {cond("$.n", "gt", "5"), false}, {cond("$.n", "ge", "5"), true},
		{cond("$.n", "lt", "5"), false}, {cond("$.n", "le", "5.0"), true}, {cond("$.n", "eq", "5.0"), true},
		{cond("$.s", "eq", `"abc"`), true}, {cond("$.s", "ne", `"abc"`), false}, {cond("$.s", "contains", `"b"`), true},
		{cond("$.tags", "contains", `"x"`), true}, {cond("$.l", "empty", ""), true}, {cond("$.e", "empty", ""), true},
		{cond("$.missing", "empty", ""), true}, {cond("$.tags", "not_empty", ""), true}, {cond("$.n", "between", "1"), false},
	} {
		if got := Holds(c.c, doc); got != c.want {
			t.Errorf("%s %s %s: got %v", c.c.GetSubject().GetPath(), c.c.GetOperator(), c.c.GetValueJson(), got)
		}
	}
}

func TestSignificantAndOccurs(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{{`"ab"`, false}, {`"abc"`, true}, {`25`, false}, {`250`, true}, {`1.5`, true}, {`true`, false}} {
		v, _ := Decode(c.v)
		if Significant(v) != c.want {
			t.Errorf("Significant(%s) != %v", c.v, c.want)
		}
	}
	if !Occurs(`say "hi"`, []string{`{"m":"say \"hi\""}`}) || Occurs("nope", []string{"{}"}) {
		t.Error("Occurs must find a value inside a JSON result, escaped")
	}
}

// A value said in an earlier request is not asked for again: the second
// request needs the same API key, which the user gave in the first.
func TestStatedLeavesOutWhatAnEarlierRequestSaid(t *testing.T) {
	user := func(param, v string) *blueprintv1.ArgumentBinding {
		return &blueprintv1.ArgumentBinding{Param: param, Source: &blueprintv1.ArgumentBinding_User{User: &blueprintv1.UserValue{ValueJson: v}}}
	}
	p := New(&blueprintv1.Blueprint{Calls: []*blueprintv1.PlannedCall{
		{Id: "c1", ToolName: "count_accounts", Intent: 0, Arguments: []*blueprintv1.ArgumentBinding{user("api_key", `"k-83d1f0"`), user("filter", `"photography"`)}},
		{Id: "c2", ToolName: "count_projects", Intent: 1, Arguments: []*blueprintv1.ArgumentBinding{user("api_key", `"k-83d1f0"`), user("query", `"roadmap"`)}},
	}})
	var got []string
	for _, u := range p.Stated(1) {
		got = append(got, u.GetValueJson())
	}
	if len(got) != 1 || got[0] != `"roadmap"` {
		t.Errorf("Stated(1) = %v, want only the query", got)
	}
	if n := len(p.Stated(0)); n != 2 {
		t.Errorf("Stated(0) has %d values, want 2", n)
	}
}
