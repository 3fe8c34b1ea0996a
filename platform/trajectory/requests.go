package trajectory

import "strings"

// RequestsOf splits a reasoning-mode signature into the signatures of its
// requests, as Measure's Requests: a "u" token opens a new request unless it
// follows an "ask" (then it is the reply to a clarification and stays in the
// request). The request's own "u" is not part of its signature. Grammar v2
// makes the split readable from the signature alone, so datasets are
// re-measured at the request level from their records' reasoning_mode.
func RequestsOf(signature string) []string {
	if signature == "" {
		return []string{""}
	}
	var out []string
	var cur []string
	prev := ""
	for _, tok := range strings.Split(signature, ".") {
		if tok == "u" && prev != "ask" {
			out = append(out, strings.Join(cur, "."))
			cur = cur[:0]
		} else {
			cur = append(cur, tok)
		}
		prev = tok
	}
	return append(out, strings.Join(cur, "."))
}
