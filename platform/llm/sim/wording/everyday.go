package wording

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Everyday is a request a user may make that no tool serves, with a
// helpful answer. Missing names the capability the request needs when the
// honest answer is that it cannot be done without a tool (live data, an
// action in the world); the answer then says so.
type Everyday struct {
	Kind    string `json:"kind"`
	Request string `json:"request"`
	Answer  string `json:"answer"`
	Missing string `json:"missing,omitempty"`
}

//go:embed everyday.json
var everydayJSON []byte

var everyday = mustBank(everydayJSON)

func mustBank(raw []byte) []Everyday {
	var out []Everyday
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(fmt.Sprintf("wording: everyday.json: %v", err))
	}
	return out
}

// EverydayBank returns the bank of everyday requests, in a stable order.
func EverydayBank() []Everyday { return everyday }

// Lookup finds the bank entry for a request, ignoring case and surrounding
// space.
func Lookup(request string) (Everyday, bool) {
	key := strings.ToLower(strings.TrimSpace(request))
	for _, e := range everyday {
		if strings.ToLower(e.Request) == key {
			return e, true
		}
	}
	return Everyday{}, false
}
