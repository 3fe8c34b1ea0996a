package planner

import (
	"strings"

	blueprintv1 "github.com/tdscaling/tdscaling/gen/go/tdscaling/blueprint/v1"

	"github.com/tdscaling/tdscaling/platform/llm/sim/wording"
)

// objectValue says a value whose noun is the request's own object where
// the object is: a name or a code names it ("pull up the asset
// roof-requested-1", "check the policy attached to the domain
// analyzer-time"), not "an asset for asset roof-requested-1"; a value of
// a mass noun such as "data" says which part of it ("delete screenshot
// data, only the image data"), not "screenshot data for data image",
// where the value reads as the thing deleted. false when no value's noun
// is the object.
func (sp *speaker) objectValue(c *blueprintv1.PlannedCall, purpose string) (string, bool) {
	ws := strings.Fields(purpose)
	n := len(ws)
	if n < 2 {
		return "", false
	}
	object := strings.ToLower(ws[n-1])
	for _, a := range c.GetArguments() {
		u, _, ok := sp.unsaid(a)
		if !ok || u.GetStatedJson() != "" || strings.ToLower(u.GetDescription()) != object {
			continue
		}
		v, ok := sp.stated(u)
		if !ok || v == "" || isPath(v) || len(v) > 60 || strings.ContainsAny(v, "\n\"") {
			continue
		}
		sp.said[u.GetValueJson()] = true
		if container[object] {
			return purpose + ", only the " + v + " " + ws[n-1], true
		}
		head := ws[:n-1]
		k := len(head)
		switch {
		case k >= 2 && strings.EqualFold(head[k-2], "a") && head[k-1] == "new":
			return strings.Join(head, " ") + " " + ws[n-1] + " called " + wording.Quoted(v), true
		case k >= 1 && (strings.EqualFold(head[k-1], "a") || strings.EqualFold(head[k-1], "an")):
			head = append(head[:k-1:k-1], "the")
		}
		return strings.Join(head, " ") + " " + ws[n-1] + " " + wording.Quoted(v), true
	}
	return "", false
}
